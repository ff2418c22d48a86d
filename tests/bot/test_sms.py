"""SMS to the hotline number as a chat channel, against a loopback SMS gateway: signed deliveries
only, a retried delivery answered once, replies by SMS with numbered choices, feedback and its
status by text message."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from hub.app import create_app
from hub.bootstrap import build_hub
from tests.support.feedback import drain
from tests.support.sms_gateway import SmsGateway, forwarded

SECRET = "sms-inbound-secret-for-tests"
PHONE = "0905777888"
_ids = itertools.count(1)


@pytest.fixture
def gateway() -> Iterator[SmsGateway]:
    with SmsGateway() as server:
        yield server


@pytest.fixture
def sms(make_settings, gateway):
    settings = make_settings(sms_url=gateway.url, sms_inbound_secret=SECRET, chat_hotline="1022")
    built = build_hub(settings)
    with TestClient(create_app(settings, hub=built)) as client:
        yield built, client
    built.close()


def text(client: TestClient, gateway: SmsGateway, body: str, *, sender: str = PHONE, msg_id: str | None = None) -> str:
    before = len(gateway.received)
    payload, headers = forwarded(SECRET, sender, body, msg_id=msg_id or f"gw-{next(_ids)}")
    assert client.post("/webhooks/sms", content=payload, headers=headers).status_code == 200
    return "\n".join(m["text"] for m in gateway.received[before:] if m["to"] == sender)


def test_a_citizen_texts_the_hotline_and_gets_numbered_choices_by_sms(sms, gateway):
    _hub, client = sms
    answer = text(client, gateway, "xin chao")
    assert "Xin chào" in answer and "\n1: " in answer and "Bà con nhắn số để chọn." in answer


def test_only_signed_fresh_deliveries_are_stored(sms, gateway):
    hub, client = sms
    body, headers = forwarded("not-the-secret", PHONE, "xin chao", msg_id="gw-bad")
    assert client.post("/webhooks/sms", content=body, headers=headers).status_code == 401
    body, headers = forwarded(SECRET, PHONE, "xin chao", msg_id="gw-old", at=time.time() - 3600)
    assert client.post("/webhooks/sms", content=body, headers=headers).status_code == 401  # a replay
    body, headers = forwarded(SECRET, PHONE, "xin chao", msg_id="gw-ok")
    assert client.post("/webhooks/sms", content=body.replace(b"xin", b"XIN"), headers=headers).status_code == 401
    assert client.post("/webhooks/sms", content=b"{}", headers={}).status_code == 401
    with hub.database.uow() as uow:
        assert uow.contacts.find("sms", PHONE) is None
    assert gateway.received == []
    body, headers = forwarded(SECRET, "not a number", "xin chao", msg_id="gw-nan")
    answer = client.post("/webhooks/sms", content=body, headers=headers)
    assert answer.status_code == 422 and "Số điện thoại không hợp lệ" in answer.json()["detail"]


def test_without_a_secret_inbound_sms_is_refused(make_settings, gateway):
    settings = make_settings(sms_url=gateway.url)
    built = build_hub(settings)
    try:
        with TestClient(create_app(settings, hub=built)) as client:
            body, headers = forwarded("", PHONE, "xin chao", msg_id="gw-1")
            assert client.post("/webhooks/sms", content=body, headers=headers).status_code == 401
    finally:
        built.close()


def test_a_retried_delivery_is_answered_once_and_other_numbers_are_ignored(sms, gateway):
    hub, client = sms
    assert text(client, gateway, "xin chao", msg_id="gw-same")
    assert text(client, gateway, "xin chao", msg_id="gw-same") == ""
    drain(hub)
    assert len([m for m in gateway.received if m["to"] == PHONE]) == 1
    body, headers = forwarded(SECRET, "0905000999", "xin chao", msg_id="gw-other", to="0909111222")
    assert client.post("/webhooks/sms", content=body, headers=headers).status_code == 200
    with hub.database.uow() as uow:
        assert uow.contacts.find("sms", "0905000999") is None


def test_feedback_and_its_status_by_sms(sms, gateway):
    hub, client = sms
    text(client, gateway, "ea kao")
    steps = ["toi muon gui phan anh", "ong nuoc bi vo tren duong le duan", "truoc nha van hoa thon 3", "khong", "gui"]
    said = [text(client, gateway, step) for step in steps]
    found = re.search(r"PA-\d{4}-\d{6}", said[-1])
    assert found, said
    status = text(client, gateway, found.group(0))
    assert found.group(0) in status and "http" not in status.split(found.group(0))[0]
    with hub.database.uow() as uow:
        case = uow.cases.get_by_code(found.group(0))
        assert case.channel == "sms" and "ong nuoc bi vo" in case.text
