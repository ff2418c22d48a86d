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
from tests.support.sms_gateway import SmsGateway
from tests.support.zalo_server import ZaloServer, follow_event, signed, user_event
from tests.support.zns_server import TEMPLATE_ID, ZnsServer

USER = "8801234567"


@pytest.fixture
def zalo_api() -> Iterator[ZaloServer]:
    with ZaloServer() as server:
        yield server


@pytest.fixture
def zns_api(zalo_api) -> Iterator[ZnsServer]:
    with ZnsServer(zalo_api) as server:
        yield server


@pytest.fixture
def sms_gateway() -> Iterator[SmsGateway]:
    with SmsGateway() as gateway:
        yield gateway


def zalo_settings(make_settings, zalo_api, **extra):
    return make_settings(
        **zalo_api.hub_settings(),
        telegram_webhook_secret=TELEGRAM_SECRET,
        public_url="http://ttcs.test",
        chat_media_hosts="127.0.0.1",
        **extra,
    )


@pytest.fixture
def zalo_hub(make_settings, zalo_api):
    settings = zalo_settings(make_settings, zalo_api)
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


def test_outside_the_seven_day_window_with_no_phone_an_answer_waits_for_the_citizen(zalo_hub, zalo_api):
    hub, client = zalo_hub
    with hub.database.uow() as uow:
        old = contacts.identify(uow, "zalo", "8800000001", now=utcnow() - timedelta(days=8))
        late = messaging.queue(uow, "Trả lời phản ánh của bạn.", Kind.ANSWER, contact=old)
        recent = contacts.identify(uow, "zalo", "8800000002")
        refused = messaging.queue(uow, "Trả lời phản ánh của bạn.", Kind.ANSWER, contact=recent)
        uow.commit()
    zalo_api.wrote("8800000002", time.time() - 8 * 86400)  # Zalo itself says the window has closed (-230)
    drain(hub)
    with hub.database.uow() as uow:
        for message_id in (late.id, refused.id):
            found = uow.messages.get(message_id)
            assert found.status == "kept" and found.channel == "zalo"
            assert "7 ngày" in found.last_error and "chờ người dân nhắn tin lại" in found.last_error
    assert zalo_api.sent == []
    # the citizen writes again: the window is open, and what waited for them goes first
    deliver(client, user_event("8800000001", text="cho hoi phan anh cua toi"))
    drain(hub)
    texts = zalo_api.texts_to("8800000001")
    assert "Trả lời phản ánh của bạn." in texts and len(texts) >= 2  # the answer, and the reply
    with hub.database.uow() as uow:
        assert uow.messages.get(late.id).status == "sent"


def _answer_after_the_window(hub, user: str, phone: str | None):
    with hub.database.uow() as uow:
        old = contacts.identify(uow, "zalo", user, now=utcnow() - timedelta(days=9))
        if phone:
            contacts.record_consent(uow, old, True, name="Y Khoa Niê", phone=phone)
        message = messaging.queue(
            uow,
            "Trả lời phản ánh PA-0001 của UBND xã Ea Kao: " + "đã sửa xong. " * 40,
            Kind.ANSWER,
            contact=old,
            reference="PA-0001",
        )
        uow.commit()
    drain(hub)
    with hub.database.uow() as uow:
        return uow.messages.get(message.id)


def test_after_the_window_an_answer_goes_by_zns_to_the_consented_phone(make_settings, zalo_api, zns_api, sms_gateway):
    settings = zalo_settings(
        make_settings, zalo_api, zalo_zns_url=zns_api.base, zalo_zns_template_id=TEMPLATE_ID, sms_url=sms_gateway.url
    )
    hub = build_hub(settings)
    try:
        found = _answer_after_the_window(hub, "8800000003", "0905 123 456")
        assert found.status == "sent" and found.channel == "zns" and found.provider_id == "zns-1"
        assert "7 ngày" in found.last_error and "Zalo ZNS" in found.last_error
        (sent,) = zns_api.sent
        assert sent["phone"] == "84905123456" and sent["template_id"] == TEMPLATE_ID
        assert sent["template_data"]["ma_phan_anh"] == "PA-0001"
        assert len(sent["template_data"]["noi_dung"]) <= 200 and sent["tracking_id"] == f"ttcs-{found.id}"
        assert zalo_api.sent == [] and sms_gateway.received == []
        # a number that is not on Zalo: ZNS refuses, SMS carries it
        zns_api.unknown_phones.add("84905000111")
        by_sms = _answer_after_the_window(hub, "8800000004", "0905000111")
        assert by_sms.status == "sent" and by_sms.channel == "sms"
        assert "Zalo ZNS không gửi được" in by_sms.last_error and "SMS" in by_sms.last_error
        assert sms_gateway.received[-1]["to"] == "0905000111"
        # no consent to a phone number: nothing by phone, it waits
        waiting = _answer_after_the_window(hub, "8800000005", None)
        assert waiting.status == "kept" and "chưa đồng ý cung cấp số điện thoại" in waiting.last_error
        assert len(zns_api.sent) == 1 and len(sms_gateway.received) == 1
    finally:
        hub.close()


def test_without_zns_an_answer_after_the_window_goes_by_sms(make_settings, zalo_api, sms_gateway):
    hub = build_hub(zalo_settings(make_settings, zalo_api, sms_url=sms_gateway.url))
    try:
        found = _answer_after_the_window(hub, "8800000006", "0912345678")
        assert found.status == "sent" and found.channel == "sms" and found.provider_id == "sms-1"
        assert sms_gateway.received[0]["to"] == "0912345678"
    finally:
        hub.close()


def test_the_loopback_enforces_the_window_from_the_citizens_last_message(zalo_api):
    import httpx

    zalo_api.wrote("u-old", time.time() - 8 * 86400)
    zalo_api.wrote("u-new", time.time() - 6 * 86400)
    url = zalo_api.base + "/v3.0/oa/message/cs"
    headers = {"access_token": zalo_api.access_token}

    def send(user: str) -> int:
        body = {"recipient": {"user_id": user}, "message": {"text": "Trả lời"}}
        return httpx.post(url, json=body, headers=headers).json()["error"]

    assert send("u-old") == -230 and send("u-new") == 0


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
    from hub.feedback.intake.attachments import AttachmentStore
    from tests.support.images import exif_of, jpeg

    hub, client = zalo_hub
    deliver(client, user_event(USER, text="ea kao"))
    url = zalo_api.host("ong-nuoc-vo.jpg", jpeg(gps=True))
    photo = [{"type": "image", "payload": {"url": url, "thumbnail": "x"}}]
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
        assert case.lat == pytest.approx(12.68)
        (attachment,) = case.attachments
    assert attachment.kind == "image" and attachment.media_type == "image/jpeg"
    assert not attachment.ref.startswith("http")  # fetched and stored, not a link
    assert exif_of(AttachmentStore.from_settings(hub.settings).path(attachment.ref).read_bytes()) == {}


def test_zalo_image_urls_are_checked_before_they_are_kept(zalo_hub, zalo_api):
    from bot.channels.media import keep_images
    from bot.model import IMAGE, Inbound
    from tests.support.images import huge_png, jpeg

    hub, _client = zalo_hub
    urls = [
        zalo_api.host("page.jpg", b"<html>not a photo</html>", content_type="text/html"),  # not image/*
        zalo_api.host("fake.jpg", b"\xff\xd8\xff garbage that is no JPEG"),  # fails Pillow's checks
        zalo_api.host("huge.png", huge_png(), content_type="image/png"),  # too many pixels
        "https://example.org/elsewhere.jpg",  # not one of Zalo's hosts: never fetched
        zalo_api.host("later.jpg", b"", status=503),  # the CDN is down: kept as a link
        zalo_api.host("good.jpg", jpeg()),
    ]
    kept = keep_images(hub, Inbound("zalo", USER, "m1", kind=IMAGE, images=tuple(urls[:5]))).images
    assert kept == (urls[4],)
    kept = keep_images(hub, Inbound("zalo", USER, "m2", kind=IMAGE, images=(urls[5],))).images
    assert len(kept) == 1 and kept[0].startswith("kept:")


def test_links_in_a_reply_become_open_url_buttons_and_degrade_to_text(zalo_hub, zalo_api):
    from bot.channels.zalo.client import client_for
    from bot.dialogue.reply import Choice, Reply

    hub, _client = zalo_hub
    zalo = client_for(hub)
    text = (
        "• Tiêm phòng dại (01/10, UBND)\n  Nghe: http://ttcs.test/a/7/audio\n  Đọc: http://ttcs.test/xa/24169/tin/707"
    )
    zalo.send_reply(USER, Reply(text, (Choice("Hỏi tin khác", "/ask_info"),)))
    buttons = zalo_api.sent[-1]["message"]["attachment"]["payload"]["buttons"]
    assert buttons == [
        {"title": "Hỏi tin khác", "type": "oa.query.hide", "payload": "/ask_info"},
        {"title": "Nghe – Tiêm phòng dại", "type": "oa.open.url", "payload": {"url": "http://ttcs.test/a/7/audio"}},
        {
            "title": "Đọc – Tiêm phòng dại",
            "type": "oa.open.url",
            "payload": {"url": "http://ttcs.test/xa/24169/tin/707"},
        },
    ]
    zalo.send_reply(USER, Reply("Xem: http://localhost:8000/xa/1"))  # Zalo refuses the button (-201)
    assert zalo_api.sent[-1]["message"] == {"text": "Xem: http://localhost:8000/xa/1"}


def test_zns_refreshes_a_refused_token_once_and_an_outage_is_retried(make_settings, zalo_api, zns_api):
    settings = zalo_settings(make_settings, zalo_api, zalo_zns_url=zns_api.base, zalo_zns_template_id=TEMPLATE_ID)
    hub = build_hub(settings)
    try:
        first = _answer_after_the_window(hub, "8800000007", "0905123000")
        assert first.channel == "zns" and zalo_api.refreshes == 1
        zalo_api.expire()  # ZNS now refuses the token (-124): refreshed with the OA's pair, sent
        again = _answer_after_the_window(hub, "8800000008", "0905123001")
        assert again.status == "sent" and again.channel == "zns" and zalo_api.refreshes == 2
        zns_api.failing = 100  # ZNS down: transient, the delivery stays queued for a retry
        later = _answer_after_the_window(hub, "8800000009", "0905123002")
        assert later.status == "queued" and later.channel == "zalo" and "HTTP 502" in later.last_error
    finally:
        hub.close()
