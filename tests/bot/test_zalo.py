"""Zalo OA against a loopback OA API: signed events, replies with buttons, the rotating token pair,
Zalo's errors with HTTP 200, the 7-day window, a repeated delivery, photos and location."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from bot.repository import CredentialRepository
from hub.app import create_app
from hub.bootstrap import build_hub
from hub.contacts import service as contacts
from hub.kit.time import utcnow
from hub.messaging import service as messaging
from hub.messaging.model import Kind
from tests.support.feedback import drain
from tests.support.settings import TELEGRAM_SECRET
from tests.support.zalo_server import APP_ID, APP_SECRET, OA_SECRET, ZaloServer, follow_event, signed, user_event

USER = "8801234567"


@pytest.fixture
def zalo_api() -> Iterator[ZaloServer]:
    with ZaloServer() as server:
        yield server


@pytest.fixture
def zalo_hub(make_settings, zalo_api):
    settings = make_settings(
        zalo_app_id=APP_ID,
        zalo_app_secret=APP_SECRET,
        zalo_oa_secret=OA_SECRET,
        zalo_refresh_token=zalo_api.refresh_token,
        zalo_api_url=zalo_api.base,
        zalo_oauth_url=zalo_api.base,
        telegram_webhook_secret=TELEGRAM_SECRET,
        public_url="http://ttcs.test",
    )
    built = build_hub(settings)
    with TestClient(create_app(settings, hub=built)) as client:
        yield built, client
    built.close()


def deliver(client: TestClient, event: dict) -> int:
    body, headers = signed(event)
    return client.post("/webhooks/zalo", content=body, headers=headers).status_code


def test_a_citizen_chats_on_zalo_and_gets_buttons(zalo_hub, zalo_api):
    hub, client = zalo_hub
    assert deliver(client, follow_event(USER)) == 200
    assert deliver(client, user_event(USER, text="cho hoi tin moi o cu mgar")) == 200
    welcome, news = zalo_api.sent[0], zalo_api.sent[1]
    assert "Xin chào" in welcome["message"]["text"]
    buttons = welcome["message"]["attachment"]["payload"]["buttons"]
    assert {"title": "Gửi phản ánh, kiến nghị", "type": "oa.query.hide", "payload": "/report_feedback"} in buttons
    assert "Xã Cư M’gar" in news["message"]["text"]
    assert zalo_api.refreshes == 1  # the first send took a token with the configured refresh token
    if hub.settings.is_sqlite:
        stored = (hub.settings.var_dir / "zalo-tokens").read_text()
    else:
        with hub.database.uow() as uow:
            stored = str(CredentialRepository(uow.session).get("zalo"))
    assert zalo_api.refresh_token not in stored and zalo_api.access_token not in stored  # kept, encrypted


def test_a_bad_signature_is_refused_and_nothing_is_stored(zalo_hub, zalo_api):
    hub, client = zalo_hub
    body, headers = signed(user_event(USER, text="xin chao"), secret="not-the-secret")
    assert client.post("/webhooks/zalo", content=body, headers=headers).status_code == 401
    assert (
        client.post("/webhooks/zalo", content=b"not json", headers={"X-ZEvent-Signature": "mac=00"}).status_code == 401
    )
    with hub.database.uow() as uow:
        assert uow.contacts.find("zalo", USER) is None
    assert zalo_api.sent == []


def test_a_repeated_delivery_is_answered_once(zalo_hub, zalo_api):
    hub, client = zalo_hub
    event = user_event(USER, text="xin chao", msg_id="same-msg-id")
    assert deliver(client, event) == 200 and deliver(client, event) == 200
    drain(hub)
    assert len(zalo_api.texts_to(USER)) == 1


def test_an_expired_token_is_refreshed_once_and_the_new_pair_kept(zalo_hub, zalo_api):
    hub, client = zalo_hub
    deliver(client, user_event(USER, text="xin chao"))
    zalo_api.expire()  # Zalo now refuses the token we hold (-216)
    deliver(client, user_event(USER, text="cam on"))
    assert len(zalo_api.texts_to(USER)) == 2 and zalo_api.refreshes == 2
    # a second hub process reads the rotated pair from the database and does not refresh again
    second = build_hub(hub.settings)
    try:
        with TestClient(create_app(hub.settings, hub=second)) as again:
            deliver(again, user_event(USER, text="tam biet"))
    finally:
        second.close()
    assert len(zalo_api.texts_to(USER)) == 3 and zalo_api.refreshes == 2


def test_outside_the_seven_day_window_a_message_is_recorded_undeliverable(zalo_hub, zalo_api):
    hub, _client = zalo_hub
    with hub.database.uow() as uow:
        old = contacts.identify(uow, "zalo", "8800000001", now=utcnow() - timedelta(days=8))
        late = messaging.queue(uow, "Trả lời phản ánh của bạn.", Kind.ANSWER, contact=old)
        recent = contacts.identify(uow, "zalo", "8800000002")
        refused = messaging.queue(uow, "Trả lời phản ánh của bạn.", Kind.ANSWER, contact=recent)
        uow.commit()
    zalo_api.closed.add("8800000002")  # Zalo itself says the window has closed (-230)
    drain(hub)
    with hub.database.uow() as uow:
        for message_id in (late.id, refused.id):
            found = uow.messages.get(message_id)
            assert found.status == "undeliverable" and "7 ngày" in found.last_error
    assert zalo_api.sent == []


def test_rate_limits_and_outages_are_retried_until_the_reply_is_sent(zalo_hub, zalo_api):
    hub, client = zalo_hub
    zalo_api.rate_limited = 1
    zalo_api.failing = 1
    deliver(client, user_event(USER, text="xin chao"))
    for _ in range(40):
        drain(hub)
        if zalo_api.texts_to(USER):
            break
        time.sleep(0.05)
    assert len(zalo_api.texts_to(USER)) == 1


def test_a_photo_and_a_location_become_part_of_a_feedback(zalo_hub, zalo_api):
    hub, client = zalo_hub
    deliver(client, user_event(USER, text="ea kao"))
    photo = [{"type": "image", "payload": {"url": "https://photo.zdn.vn/ong-nuoc-vo.jpg", "thumbnail": "x"}}]
    deliver(client, user_event(USER, "user_send_image", text="ong nuoc bi vo tren duong", attachments=photo))
    place = [{"type": "location", "payload": {"coordinates": {"latitude": "12.68", "longitude": "108.05"}}}]
    deliver(client, user_event(USER, "user_send_location", attachments=place))
    deliver(client, user_event(USER, text="khong"))
    confirm = zalo_api.texts_to(USER)[-1]
    assert "ong nuoc bi vo" in confirm and "Ảnh gửi kèm: 1" in confirm
    deliver(client, user_event(USER, text="gui"))
    assert "Mã phản ánh" in zalo_api.texts_to(USER)[-1]
    with hub.database.uow() as uow:
        code = uow.cases.latest_code_from(uow.contacts.find("zalo", USER).id)
        case = uow.cases.get_by_code(code)
        assert case.lat == pytest.approx(12.68) and case.attachments[0].ref == "https://photo.zdn.vn/ong-nuoc-vo.jpg"
