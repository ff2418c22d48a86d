"""Telegram through python-telegram-bot against a loopback Bot API: an official links their chat and
approves a bulletin by command; the webhook's secret; a repeated update; errors of the API."""

from __future__ import annotations

import re
import threading
import time
from typing import Any

from fastapi.testclient import TestClient

from bot.channels import telegram
from bot.model import PROCESSED
from tests.support.feedback import drain
from tests.support.settings import TELEGRAM_SECRET
from tests.support.telegram_server import TOKEN
from tests.support.web import post_form, sign_in

OFFICIAL_CHAT = 5001
CITIZEN_CHAT = 7001
_update_ids = iter(range(1000, 100000))


def message(chat_id: int, text: str, update_id: int | None = None) -> dict[str, Any]:
    return {
        "update_id": update_id if update_id is not None else next(_update_ids),
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "An"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "An"},
            "text": text,
        },
    }


def button(chat_id: int, data: str) -> dict[str, Any]:
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": f"cb-{chat_id}-{data}",
            "chat_instance": "1",
            "from": {"id": chat_id, "is_bot": False, "first_name": "An"},
            "data": data,
            "message": {"message_id": 9, "date": int(time.time()), "chat": {"id": chat_id, "type": "private"}},
        },
    }


def post(chat, update: dict[str, Any], secret: str = TELEGRAM_SECRET):
    return chat.post("/webhooks/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret})


def send(chat, telegram_api, chat_id: int, text: str) -> str:
    before = len(telegram_api.texts_to(chat_id))
    assert post(chat, message(chat_id, text)).status_code == 200
    return "\n".join(telegram_api.texts_to(chat_id)[before:])


def link(chat, telegram_api, login, username: str, chat_id: int) -> None:
    issued = chat.post("/api/v1/chat/link-code", headers=login(username))
    assert issued.status_code == 200, issued.text
    answer = send(chat, telegram_api, chat_id, f"/lienket {issued.json()['code'].lower()}")
    assert f"({username})" in answer


def test_an_official_links_their_telegram_and_approves_a_bulletin_by_command(chat, chat_hub, telegram_api, login):
    link(chat, telegram_api, login, "duyet.eakao", OFFICIAL_CHAT)
    editor = login("bientap.eakao")
    made = chat.post(
        "/api/v1/bulletins",
        headers=editor,
        json={
            "title": "Tiêm phòng dại cho chó mèo",
            "body": "Sáng thứ Bảy tại nhà văn hóa.",
            "category": "society",
            "target_codes": ["24169"],
        },
    ).json()
    chat.post(f"/api/v1/bulletins/{made['id']}/submit", headers=editor)

    waiting = send(chat, telegram_api, OFFICIAL_CHAT, "/choduyet")
    assert f"Số {made['id']}: Tiêm phòng dại cho chó mèo" in waiting
    approved = send(chat, telegram_api, OFFICIAL_CHAT, f"/duyet {made['id']}")
    assert "Đã duyệt tin số" in approved and "đã được phát hành" in approved

    shown = chat.get(f"/api/v1/bulletins/{made['id']}/history", headers=editor).json()
    approvals = [e for e in shown["events"] if e["action"] == "bulletin.approve"]
    assert approvals and approvals[0]["channel"] == "telegram" and approvals[0]["actor_name"] == "duyet.eakao"


def test_without_the_right_an_official_is_told_the_role_needed(chat, telegram_api, login):
    link(chat, telegram_api, login, "bientap.eakao", OFFICIAL_CHAT)
    refused = send(chat, telegram_api, OFFICIAL_CHAT, "/khancap Cháy rừng | Sơ tán ngay")
    assert "Xin lỗi" in refused and "Người duyệt tin" in refused
    assert "/tin Tiêu đề" in send(chat, telegram_api, OFFICIAL_CHAT, "/khongcolenhnay")  # unknown → the help
    drafted = send(chat, telegram_api, OFFICIAL_CHAT, "/tin Họp dân tổ 5 | Mời bà con họp lúc 19h tối nay.")
    assert "Đã tạo bản nháp số" in drafted


def test_an_emergency_by_command_needs_a_confirmation(chat, telegram_api, login):
    link(chat, telegram_api, login, "duyet.cumgar", OFFICIAL_CHAT)
    asked = send(chat, telegram_api, OFFICIAL_CHAT, "/khancap Lũ quét | Bà con ven suối di chuyển lên chỗ cao ngay.")
    assert "TIN KHẨN CẤP" in asked and "Xã Cư M’gar" in asked
    keyboard = telegram_api.sent[-1]["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in keyboard] == ["Phát ngay", "Hủy"]
    before = len(telegram_api.texts_to(OFFICIAL_CHAT))
    assert post(chat, button(OFFICIAL_CHAT, keyboard[0][0]["callback_data"])).status_code == 200
    # then the second factor (tests/bot/test_emergency_confirm.py)
    assert "cần mã xác nhận" in telegram_api.texts_to(OFFICIAL_CHAT)[before]
    assert telegram_api.callback_answers  # the button's spinner stops


def test_a_wrong_secret_is_refused_and_nothing_is_stored(chat, chat_hub, telegram_api):
    assert post(chat, message(CITIZEN_CHAT, "xin chao"), secret="wrong").status_code == 401
    assert chat.post("/webhooks/telegram", json=message(CITIZEN_CHAT, "xin chao")).status_code == 401
    with chat_hub.database.uow() as uow:
        assert uow.contacts.find("telegram", str(CITIZEN_CHAT)) is None
    assert telegram_api.sent == []


def test_a_repeated_update_is_answered_once(chat, chat_hub, telegram_api):
    update = message(CITIZEN_CHAT, "xin chao", update_id=424242)
    assert post(chat, update).status_code == 200
    assert post(chat, update).status_code == 200
    drain(chat_hub)
    assert len(telegram_api.texts_to(CITIZEN_CHAT)) == 1 and "Xin chào" in telegram_api.texts_to(CITIZEN_CHAT)[0]


def test_a_citizen_gets_buttons_and_a_blocked_user_is_recorded_undeliverable(chat, chat_hub, telegram_api):
    assert "Xin chào" in send(chat, telegram_api, CITIZEN_CHAT, "/start")
    titles = [row[0]["text"] for row in telegram_api.sent[-1]["reply_markup"]["inline_keyboard"]]
    assert "Gửi phản ánh, kiến nghị" in titles
    telegram_api.blocked.add("7002")
    post(chat, message(7002, "xin chao"))
    with chat_hub.database.uow() as uow:
        contact = uow.contacts.find("telegram", "7002")
        [reply] = uow.messages.for_contact(contact.id)
        assert reply.status == "undeliverable" and "blocked" in reply.last_error


def test_a_rate_limited_or_failing_api_is_retried_and_the_reply_is_not_lost(chat, chat_hub, telegram_api):
    telegram_api.rate_limited = 1
    telegram_api.failing = 1
    post(chat, message(CITIZEN_CHAT, "xin chao"))
    assert telegram_api.texts_to(CITIZEN_CHAT) == []  # the first attempt met the rate limit
    for _ in range(20):
        drain(chat_hub)
        if telegram_api.texts_to(CITIZEN_CHAT):
            break
        time.sleep(0.05)
    assert len(telegram_api.texts_to(CITIZEN_CHAT)) == 1


def test_polling_stores_each_update_before_asking_for_the_next(chat_hub, telegram_api):
    telegram_api.push_update(message(CITIZEN_CHAT, "xin chao", update_id=9001))
    telegram_api.push_update(message(CITIZEN_CHAT, "cam on", update_id=9002))
    stop = threading.Event()
    client = telegram.client_for(chat_hub)
    thread = threading.Thread(target=telegram.poll, args=(chat_hub, client, stop), kwargs={"timeout": 1}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while len(telegram_api.texts_to(CITIZEN_CHAT)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(10)
    texts = telegram_api.texts_to(CITIZEN_CHAT)
    assert "Xin chào" in texts[0] and "không có gì" in texts[1]
    with chat_hub.database.uow() as uow:
        from bot.repository import InboundRepository

        stored = InboundRepository(uow.session).by_key("telegram", "u9002")
        assert stored is not None and stored.status == PROCESSED


def test_an_official_with_a_linked_chat_gets_notices_there(chat, chat_hub, telegram_api, login):
    link(chat, telegram_api, login, "bientap.eakao", OFFICIAL_CHAT)
    filed = chat.post(
        "/api/v1/public/feedback", data={"text": "Đèn đường tổ 2 phường Ea Kao bị hỏng.", "area_code": "24169"}
    )
    assert filed.status_code in (200, 201), filed.text
    drain(chat_hub)
    assert any(filed.json()["code"] in text for text in telegram_api.texts_to(OFFICIAL_CHAT))
    inbox = chat.get("/api/v1/notifications", headers=login("bientap.eakao")).json()
    assert any(filed.json()["code"] in n["text"] and n["status"] == "sent" for n in inbox)
    # an official without a linked chat finds the notice in the inbox, kept for them
    others = chat.get("/api/v1/notifications", headers=login("duyet.eakao")).json()
    assert any(filed.json()["code"] in n["text"] and n["status"] == "kept" for n in others)


def test_an_operator_asks_the_programme_and_the_devices_of_their_area(chat, telegram_api, login):
    link(chat, telegram_api, login, "vanhanh.eakao", OFFICIAL_CHAT)
    programme = send(chat, telegram_api, OFFICIAL_CHAT, "/lich")
    assert "Lịch phát thanh của Phường Ea Kao" in programme and "06:00–06:30" in programme
    devices = send(chat, telegram_api, OFFICIAL_CHAT, "/thietbi")
    assert "Thiết bị của Phường Ea Kao" in devices
    assert "Không tìm thấy địa bàn" in send(chat, telegram_api, OFFICIAL_CHAT, "/lich khong co xa nay dau")


def test_an_official_gets_a_link_code_in_the_web_app(chat, telegram_api):
    official = TestClient(chat.app)
    assert sign_in(official, "duyet.eakao").status_code == 200
    page = official.get("/quan-tri/lien-ket-chat")
    assert page.status_code == 200 and "Lấy mã liên kết" in page.text
    shown = post_form(official, "/quan-tri/lien-ket-chat", "/quan-tri/lien-ket-chat/ma", {})
    code = re.search(r"/lienket ([A-Z0-9]{4}-[A-Z0-9]{4})", shown.text).group(1)
    assert "(duyet.eakao)" in send(chat, telegram_api, OFFICIAL_CHAT, f"/lienket {code}")
    assert "Telegram — liên kết lúc" in official.get("/quan-tri/lien-ket-chat").text
    assert "không đúng hoặc đã hết hạn" in send(chat, telegram_api, 5002, f"/lienket {code}")  # used once
    official.close()


def photo_message(chat_id: int, photo: list[dict[str, Any]], caption: str = "") -> dict[str, Any]:
    update = message(chat_id, "")
    del update["message"]["text"]
    update["message"]["photo"] = photo
    if caption:
        update["message"]["caption"] = caption
    return update


def test_a_citizens_telegram_photo_becomes_a_case_attachment(chat, chat_hub, telegram_api):
    from hub.feedback.intake.attachments import AttachmentStore
    from tests.support.images import exif_of, jpeg

    citizen = 7101
    send(chat, telegram_api, citizen, "ea kao")
    small, large = telegram_api.add_file("p-small", jpeg(90, 60)), telegram_api.add_file("p-large", jpeg(gps=True))
    telegram_api.add_file("p-fake", b"GIF89a<html><script>alert(1)</script></html>")
    assert post(chat, photo_message(citizen, [small, large], caption="ong nuoc bi vo tren duong")).status_code == 200
    fake = [{"file_id": "p-fake", "file_unique_id": "u-fake", "width": 9, "height": 9, "file_size": 40}]
    assert post(chat, photo_message(citizen, fake)).status_code == 200  # not an image: not kept, and said so
    assert "Ảnh bà con gửi không dùng được" in telegram_api.texts_to(citizen)[-1]
    send(chat, telegram_api, citizen, "truoc nha van hoa thon 3")
    confirm = send(chat, telegram_api, citizen, "khong")
    assert "ong nuoc bi vo" in confirm and "Ảnh gửi kèm: 1" in confirm
    assert "Mã phản ánh" in send(chat, telegram_api, citizen, "gui")
    with chat_hub.database.uow() as uow:
        code = uow.cases.latest_code_from(uow.contacts.find("telegram", str(citizen)).id)
        (attachment,) = uow.cases.get_by_code(code).attachments
    assert attachment.kind == "image" and attachment.media_type == "image/jpeg" and attachment.sha256
    kept = AttachmentStore.from_settings(chat_hub.settings).path(attachment.ref).read_bytes()
    assert exif_of(kept) == {}  # rewritten without the camera's EXIF and GPS, like a portal photo
    assert telegram_api.downloads == 2  # the largest size of the photo, and the fake


def test_links_in_a_reply_become_url_buttons_and_degrade_to_text(telegram_api):
    from bot.dialogue.reply import Choice, Reply

    client = telegram.TelegramClient(TOKEN, telegram_api.api_url)
    try:
        text = "Tin mới:\n• Tiêm phòng dại (01/10, UBND)\n  Nghe: http://ttcs.test/a/7/audio\n  Đọc: http://ttcs.test/xa/24169/tin/707"
        client.send_reply("7201", Reply(text, (Choice("Hỏi tin khác", "/ask_info"),)))
        rows = telegram_api.sent[-1]["reply_markup"]["inline_keyboard"]
        assert rows[0][0]["callback_data"] == "/ask_info"
        assert [(r[0]["text"], r[0]["url"]) for r in rows[1:]] == [
            ("Nghe – Tiêm phòng dại", "http://ttcs.test/a/7/audio"),
            ("Đọc – Tiêm phòng dại", "http://ttcs.test/xa/24169/tin/707"),
        ]
        assert telegram_api.sent[-1]["text"] == text  # the links stay in the text too
        client.send_reply("7201", Reply("Xem: http://localhost:8000/xa/1"))  # Telegram refuses such a button
        assert telegram_api.sent[-1]["text"] == "Xem: http://localhost:8000/xa/1"
        assert telegram_api.sent[-1]["reply_markup"] is None
    finally:
        client.close()
