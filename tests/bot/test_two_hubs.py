"""Two hubs in one process (two provinces, or a test and the next) share no chat client, sender or
dialogue: each sends with its own Telegram bot and answers with its own hotline."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from bot import inbox
from bot.model import Inbound
from hub.bootstrap import build_hub
from hub.config import Settings
from hub.contacts import service as contacts
from hub.context import Hub
from hub.messaging import service as messaging
from hub.messaging.model import Delivery, Kind
from tests.support.telegram_server import TelegramServer

CHAT = "5550001"


@pytest.fixture
def two_bots() -> Iterator[tuple[TelegramServer, TelegramServer]]:
    with TelegramServer("111:first-bot") as first, TelegramServer("222:second-bot") as second:
        yield first, second


def _hub(make_settings: Callable[..., Settings], server: TelegramServer, hotline: str) -> Hub:
    return build_hub(make_settings(telegram_token=server.token, telegram_api_url=server.api_url, chat_hotline=hotline))


def _send(hub: Hub, text: str) -> None:
    with hub.database.uow() as uow:
        contact = contacts.identify(uow, "telegram", CHAT)
        message = messaging.queue(uow, text, Kind.REPLY, contact=contact)
        uow.commit()
    with hub.database.uow() as uow:
        delivered = messaging.deliver(uow, hub, message.id)  # type: ignore[arg-type]
        assert delivered is not None and delivered.status == Delivery.SENT
        uow.commit()


def test_a_second_hub_with_another_telegram_bot_sends_with_its_own_token(make_settings, two_bots):
    first_api, second_api = two_bots
    first, second = _hub(make_settings, first_api, "1022"), _hub(make_settings, second_api, "1800")
    try:
        _send(first, "từ hub thứ nhất")
        _send(second, "từ hub thứ hai")
        _send(first, "lại từ hub thứ nhất")
        assert first_api.texts_to(CHAT) == ["từ hub thứ nhất", "lại từ hub thứ nhất"]
        assert second_api.texts_to(CHAT) == ["từ hub thứ hai"]
    finally:
        first.close()
        second.close()


def test_each_hub_answers_with_its_own_hotline(make_settings, two_bots):
    first_api, second_api = two_bots
    first, second = _hub(make_settings, first_api, "1022"), _hub(make_settings, second_api, "1800")
    try:
        for hub, hotline, other in ((first, "1022", "1800"), (second, "1800", "1022")):
            sender = f"web-{hotline}"
            texts = [
                inbox.converse(hub, Inbound("web", sender, f"{sender}-{n}", text=t))
                for n, t in enumerate(["ea kao", "xyzzy plugh", "qwrtp zxcvb"])
            ]
            last = " ".join(reply.text for reply in texts[-1])
            assert hotline in last and other not in last
    finally:
        first.close()
        second.close()
