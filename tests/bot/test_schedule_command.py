"""`/lich` schedules too (issue 15, section 1): `/lich 12 6:00,17:00 3 ngày` and the other forms of the
help text, through the same `broadcasts.schedule` as the web page, audited with the chat channel,
with the conflicts in the reply; `/lich [xã]` still reads the programme."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from itertools import count
from typing import Any

import pytest

from bot.officials import scheduling
from hub.broadcasts.model import Recurrence
from hub.kit.errors import InvalidInput
from hub.kit.time import VN_TZ, utcnow
from tests.support.device_api import bulletin
from tests.support.settings import TELEGRAM_SECRET

CHAT_ID = 5101
LONG_BODY = "Bà con lưu ý lịch tiêm chủng và vệ sinh môi trường trong thôn buôn. " * 14  # ≈ 80 s spoken
_ids = count(5000)


def send(chat, telegram_api, text: str) -> str:
    before = len(telegram_api.texts_to(CHAT_ID))
    update: dict[str, Any] = {
        "update_id": next(_ids),
        "message": {"message_id": 1, "date": int(time.time()), "text": text,
                    "chat": {"id": CHAT_ID, "type": "private", "first_name": "An"},
                    "from": {"id": CHAT_ID, "is_bot": False, "first_name": "An"}},
    }  # fmt: skip
    answer = chat.post("/webhooks/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
    assert answer.status_code == 200
    return "\n".join(telegram_api.texts_to(CHAT_ID)[before:])


def link(chat, telegram_api, login, username: str) -> None:
    issued = chat.post("/api/v1/chat/link-code", headers=login(username)).json()
    assert f"({username})" in send(chat, telegram_api, f"/lienket {issued['code']}")


def test_an_editor_schedules_daily_plays_by_chat_and_it_is_audited(chat, telegram_api, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    bid = bulletin(chat, editor, approver, title="Thu gom rác thải sinh hoạt")
    link(chat, telegram_api, login, "bientap.eakao")
    answer = send(chat, telegram_api, f"/lich {bid} 6:00,17:00 3 ngày")
    today = utcnow().astimezone(VN_TZ).date()
    assert f"Đã xếp lịch tin số {bid} “Thu gom rác thải sinh hoạt” tại Phường Ea Kao" in answer
    assert f"hằng ngày lúc 06:00, 17:00 từ {today:%d/%m} đến {today + timedelta(days=2):%d/%m}" in answer
    assert "Không có xung đột." in answer
    programme = chat.get("/api/v1/broadcasts/24169", headers=editor).json()
    (mine,) = [s for s in programme["schedules"] if s["bulletin_id"] == bid]
    assert mine["recurrence"] == "daily" and mine["times"] == ["06:00", "17:00"]
    trail = chat.get("/api/v1/audit", params={"entity_type": "bulletin"}, headers=login("admin", "admin-password-1"))
    assert any(r["action"] == "broadcast.schedule" and r["channel"] == "telegram" and r["entity_id"] == str(bid)
               for r in trail.json())  # fmt: skip
    assert "Lịch phát thanh của Phường Ea Kao" in send(chat, telegram_api, "/lich")  # reading still works
    assert "/lich 12 6:00,17:00 3 ngày" in send(chat, telegram_api, "/trogiup")


def test_the_reply_names_the_conflicts_and_a_refusal_is_explained(chat, telegram_api, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    first = bulletin(chat, editor, approver, title="Họp dân về đường liên thôn", body=LONG_BODY)
    second = bulletin(chat, editor, approver, title="Nạo vét kênh mương", body=LONG_BODY)
    link(chat, telegram_api, login, "duyet.eakao")
    tomorrow = utcnow().astimezone(VN_TZ).date() + timedelta(days=1)
    send(chat, telegram_api, f"/lich {first} 6:28 {tomorrow:%d/%m}")
    answer = send(chat, telegram_api, f"/lich {second} 6:28 {tomorrow:%d/%m}")
    assert "Có 1 xung đột cần xem lại:" in answer and "quá giờ đóng khung 06:00–06:30" in answer
    refused = send(chat, telegram_api, f"/lich {second} 22:00 {tomorrow:%d/%m}")
    assert "Xin lỗi, chưa thực hiện được." in refused and "giờ yên tĩnh" in refused
    assert "Cách dùng: /lich SỐ GIỜ" in send(chat, telegram_api, f"/lich {second} 6:00 khi nào rảnh")
    nearest = send(chat, telegram_api, f"/lich {second} khung tới")
    assert "Đã xếp lịch tin số" in nearest and "một lần lúc" in nearest


def test_an_operator_cannot_schedule(chat, telegram_api, login):
    bid = bulletin(chat, login("bientap.eakao"), login("duyet.eakao"), title="Phun thuốc diệt muỗi")
    link(chat, telegram_api, login, "vanhanh.eakao")
    answer = send(chat, telegram_api, f"/lich {bid} 6:00")
    assert "Xin lỗi, chưa thực hiện được." in answer and "Phường Ea Kao" in answer


NOW = datetime.combine(date.today(), datetime.min.time()).replace(hour=9, tzinfo=VN_TZ)  # a morning, local


@pytest.mark.parametrize(
    ("typed", "recurrence", "times", "days", "span"),
    [
        ("12 6:00,17:00 3 ngày", Recurrence.DAILY, ["06:00", "17:00"], [], (0, 2)),
        ("12 6h, 17h30 hằng ngày", Recurrence.DAILY, ["06:00", "17:30"], [], (0, None)),
        ("12 6:00 t2,t4,cn", Recurrence.WEEKLY, ["06:00"], ["1", "3", "7"], (0, None)),
        ("12 17:00", Recurrence.ONCE, ["17:00"], [0], None),
        ("12 6:00", Recurrence.ONCE, ["06:00"], [1], None),  # 06:00 has passed at 09:00: tomorrow
    ],
)
def test_the_forms_of_the_help_text_are_read(typed, recurrence, times, days, span):
    asked = scheduling.read(typed, NOW)
    assert asked.bulletin_id == 12 and asked.plays is not None
    assert asked.plays.recurrence == recurrence and asked.plays.times == times
    today = NOW.date()
    if recurrence == Recurrence.ONCE:
        assert asked.plays.days == [(today + timedelta(days=days[0])).isoformat()]
    else:
        assert asked.plays.days == days
    if span:
        assert asked.plays.starts_on == today
        assert asked.plays.ends_on == (today + timedelta(days=span[1]) if span[1] is not None else None)


def test_a_day_of_the_month_and_the_next_window_and_bad_forms():
    day = NOW.date() + timedelta(days=40)
    assert scheduling.read(f"7 6:00 {day:%d/%m}", NOW).plays.days == [day.isoformat()]
    assert scheduling.read("7 khung tới", NOW).plays is None
    assert not scheduling.asks_to_schedule("24169") and not scheduling.asks_to_schedule("ea kao")
    for bad in ("7 6:00 31/02", "7 6:00 100 ngày", "7 6:00 sáng mai"):
        with pytest.raises(InvalidInput):
            scheduling.read(bad, NOW)
