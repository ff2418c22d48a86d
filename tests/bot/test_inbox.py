"""Every inbound message is stored before it is acknowledged and processed once: a crash after the
acknowledgement, or in the middle of processing, is retried from the stored message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from bot import inbox
from bot.model import PROCESSED, Inbound
from bot.repository import InboundRepository
from bot.runtime import runtime_for
from hub.bootstrap import build_hub
from hub.context import Hub
from hub.jobs.tables import job_table
from tests.support.feedback import drain
from tests.support.settings import TELEGRAM_SECRET
from tests.support.telegram_server import TOKEN

CHAT = "7301"


@pytest.fixture
def hub_now(make_settings, telegram_api) -> Iterator[Hub]:
    settings = make_settings(
        telegram_token=TOKEN,
        telegram_api_url=telegram_api.api_url,
        telegram_webhook_secret=TELEGRAM_SECRET,
        chat_process_grace_seconds=0,  # a worker takes a stored message over at once
    )
    built = build_hub(settings)
    yield built
    built.close()


def store(hub: Hub, text: str, key: str) -> int:
    with hub.database.uow() as uow:
        stored, created = inbox.receive(uow, hub, Inbound("telegram", CHAT, key, text=text))
        uow.commit()
    assert created
    return stored.id


def test_a_message_stored_before_a_crash_is_answered_by_a_worker_once(hub_now, telegram_api):
    store(hub_now, "xin chao", "u-crash-1")  # acknowledged, then the process died: no fast path ran
    drain(hub_now)
    drain(hub_now)
    assert len(telegram_api.texts_to(CHAT)) == 1 and "Xin chào" in telegram_api.texts_to(CHAT)[0]


def test_a_crash_in_the_middle_of_processing_leaves_nothing_half_done(hub_now, telegram_api, monkeypatch):
    dialogue = runtime_for(hub_now).dialogue
    real = dialogue.respond
    calls = []

    def crashing(uow, contact, message, conv=None):
        calls.append(message.text)
        replies = real(uow, contact, message, conv)  # the case is filed in this transaction …
        if len(calls) == 1:
            raise RuntimeError("power cut")  # … and lost with it
        return replies

    for step, text in enumerate(["toi muon phan anh", "den duong to 3 bi hong may ngay nay", "ea kao", "khong"]):
        inbox.handle_now(hub_now, store(hub_now, text, f"u-form-{step}"))
    monkeypatch.setattr(dialogue, "respond", crashing)
    stored = store(hub_now, "gui", "u-form-send")
    inbox.handle_now(hub_now, stored)  # crashes inside the transaction
    with hub_now.database.uow() as uow:
        assert InboundRepository(uow.session).get(stored).status != PROCESSED
        assert uow.cases.latest_code_from(uow.contacts.find("telegram", CHAT).id) is None
    drain(hub_now)
    drain(hub_now)
    filed = [t for t in telegram_api.texts_to(CHAT) if "Mã phản ánh" in t]
    assert len(filed) == 1
    with hub_now.database.uow() as uow:
        assert InboundRepository(uow.session).get(stored).status == PROCESSED
        assert uow.cases.latest_code_from(uow.contacts.find("telegram", CHAT).id) in filed[0]


def test_processing_twice_answers_once(hub_now, telegram_api):
    stored = store(hub_now, "cam on", "u-twice")
    inbox.handle_now(hub_now, stored)
    inbox.handle_now(hub_now, stored)
    drain(hub_now)
    assert len(telegram_api.texts_to(CHAT)) == 1


def test_a_message_delivered_twice_before_a_crash_is_answered_once_and_leaves_no_job(hub_now, telegram_api):
    store(hub_now, "xin chao", "u-again")  # acknowledged, no fast path ran
    with hub_now.database.uow() as uow:  # the channel delivers it again
        _, created = inbox.receive(uow, hub_now, Inbound("telegram", CHAT, "u-again", text="xin chao"))
        uow.commit()
    assert not created
    drain(hub_now)
    assert len(telegram_api.texts_to(CHAT)) == 1
    with hub_now.database.engine.connect() as conn:
        waiting = conn.execute(
            select(func.count()).select_from(job_table).where(job_table.c.status.in_(["queued", "running"]))
        ).scalar_one()
    assert waiting == 0
