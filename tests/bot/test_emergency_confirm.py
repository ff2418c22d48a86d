"""An emergency ordered by chat runs only with a one-time code that the official fetches in the web
app (a stolen Telegram account alone cannot put anything on the loudspeakers): the real Telegram path
against the loopback Bot API, and the real dashboard."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import text

from hub.kit.time import utcnow
from tests.bot.test_telegram import OFFICIAL_CHAT, button, link, post, send
from tests.support.web import post_form, sign_in

OTHER_CHAT = 5002
FLOOD = "/khancap Lũ quét | Bà con ven suối di chuyển lên chỗ cao ngay."


def emergencies(chat, login) -> list[dict]:
    shown = chat.get("/api/v1/bulletins", params={"limit": 100}, headers=login("duyet.tinh")).json()["items"]
    return [b for b in shown if b["priority"] == "emergency" and b["status"] == "published"]


def order_emergency(chat, telegram_api) -> str:
    """/khancap, then the "Phát ngay" button: the answer."""
    assert "TIN KHẨN CẤP" in send(chat, telegram_api, OFFICIAL_CHAT, FLOOD)
    keyboard = telegram_api.sent[-1]["reply_markup"]["inline_keyboard"]
    before = len(telegram_api.texts_to(OFFICIAL_CHAT))
    assert post(chat, button(OFFICIAL_CHAT, keyboard[0][0]["callback_data"])).status_code == 200
    return "\n".join(telegram_api.texts_to(OFFICIAL_CHAT)[before:])


def code_from_web(chat, username: str) -> str:
    official = TestClient(chat.app)
    assert sign_in(official, username).status_code == 200
    dashboard = official.get("/quan-tri/")
    assert "Mã xác nhận lệnh khẩn cấp" in dashboard.text
    action = re.search(r'action="(/quan-tri/xac-nhan-khan-cap/\d+/ma)"', dashboard.text).group(1)
    shown = post_form(official, "/quan-tri/", action, {})
    assert shown.status_code == 200, shown.text
    official.close()
    return re.search(r"/xacnhan (\d{6})", shown.text).group(1)


def audit_actions(chat, login) -> list[str]:
    rows = chat.get(
        "/api/v1/audit", params={"entity_type": "chat_confirmation"}, headers=login("admin", "admin-password-1")
    )
    return [f"{r['action']}:{r['reason']}" for r in rows.json()]


def test_an_emergency_by_command_runs_only_with_the_code_shown_in_the_web_app(chat, telegram_api, login):
    link(chat, telegram_api, login, "duyet.cumgar", OFFICIAL_CHAT)
    link(chat, telegram_api, login, "duyet.cumgar", OTHER_CHAT)  # a second chat of the same official
    asked = order_emergency(chat, telegram_api)
    assert "cần mã xác nhận" in asked and "Lấy mã" in asked and "/xacnhan" in asked
    assert emergencies(chat, login) == [], "nothing is on air before the code"

    code = code_from_web(chat, "duyet.cumgar")
    every_chat_message = "\n".join(str(m) for m in telegram_api.sent)
    assert code not in every_chat_message, "the code never goes through a chat"

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert "không đúng" in send(chat, telegram_api, OFFICIAL_CHAT, f"/xacnhan {wrong}")
    assert "Không có lệnh khẩn cấp nào đang chờ" in send(chat, telegram_api, OTHER_CHAT, f"/xacnhan {code}")
    assert emergencies(chat, login) == []

    issued = send(chat, telegram_api, OFFICIAL_CHAT, code)  # the six digits alone
    assert "Đã phát tin khẩn cấp số" in issued
    [bulletin] = emergencies(chat, login)
    assert bulletin["title"] == "Lũ quét"
    history = chat.get(f"/api/v1/bulletins/{bulletin['id']}/history", headers=login("duyet.cumgar")).json()
    assert {(e["actor_name"], e["channel"]) for e in history["events"]} == {("duyet.cumgar", "telegram")}

    reused = send(chat, telegram_api, OFFICIAL_CHAT, f"/xacnhan {code}")
    assert "Không có lệnh khẩn cấp nào đang chờ" in reused
    assert len(emergencies(chat, login)) == 1
    actions = audit_actions(chat, login)
    assert "chat.confirm_refused:Mã sai" in actions and "chat.confirm_refused:Không có lệnh nào đang chờ mã" in actions
    assert "chat.confirm:" in actions and "chat.confirm_code:" in actions


def test_three_wrong_codes_cancel_the_command(chat, telegram_api, login):
    link(chat, telegram_api, login, "duyet.cumgar", OFFICIAL_CHAT)
    order_emergency(chat, telegram_api)
    assert "Chưa lấy mã" in send(chat, telegram_api, OFFICIAL_CHAT, "/xacnhan 000000")
    code = code_from_web(chat, "duyet.cumgar")
    wrong = [f"{(int(code) + n) % 1_000_000:06d}" for n in (1, 2, 3)]
    assert "Còn 2 lần thử" in send(chat, telegram_api, OFFICIAL_CHAT, f"/xacnhan {wrong[0]}")
    assert "Còn 1 lần thử" in send(chat, telegram_api, OFFICIAL_CHAT, f"/xacnhan {wrong[1]}")
    assert "Lệnh đã bị hủy" in send(chat, telegram_api, OFFICIAL_CHAT, f"/xacnhan {wrong[2]}")
    assert "Không có lệnh khẩn cấp nào đang chờ" in send(chat, telegram_api, OFFICIAL_CHAT, f"/xacnhan {code}")
    assert emergencies(chat, login) == []
    assert audit_actions(chat, login).count("chat.confirm_refused:Mã sai") == 2
    assert "chat.confirm_refused:Mã sai quá số lần, lệnh bị hủy" in audit_actions(chat, login)


def test_an_expired_code_is_refused(chat, chat_hub, telegram_api, login):
    link(chat, telegram_api, login, "duyet.cumgar", OFFICIAL_CHAT)
    order_emergency(chat, telegram_api)
    code = code_from_web(chat, "duyet.cumgar")
    with chat_hub.database.engine.begin() as conn:  # the five minutes have passed
        conn.execute(text("UPDATE chat_confirmation SET code_expires_at = :t"), {"t": utcnow() - timedelta(seconds=1)})
    assert "đã hết hạn" in send(chat, telegram_api, OFFICIAL_CHAT, f"/xacnhan {code}")
    assert emergencies(chat, login) == []
    assert "chat.confirm_refused:Mã đã hết hạn" in audit_actions(chat, login)
    fresh = code_from_web(chat, "duyet.cumgar")  # a new code for the same command still works
    assert "Đã phát tin khẩn cấp số" in send(chat, telegram_api, OFFICIAL_CHAT, f"/xacnhan {fresh}")


def test_approving_an_emergency_bulletin_by_command_also_needs_the_code(chat, telegram_api, login):
    link(chat, telegram_api, login, "duyet.eakao", OFFICIAL_CHAT)
    editor = login("bientap.eakao")
    made = chat.post(
        "/api/v1/bulletins",
        headers=editor,
        json={
            "title": "Cháy lớn ở chợ",
            "body": "Bà con tránh xa khu vực chợ.",
            "category": "disaster_emergency",
            "priority": "emergency",
            "target_codes": ["24169"],
        },
    )
    assert made.status_code == 201, made.text
    assert chat.post(f"/api/v1/bulletins/{made.json()['id']}/submit", headers=editor).status_code == 200
    asked = send(chat, telegram_api, OFFICIAL_CHAT, f"/duyet {made.json()['id']}")
    assert "cần mã xác nhận" in asked and "Cháy lớn ở chợ" in asked
    assert emergencies(chat, login) == []
    code = code_from_web(chat, "duyet.eakao")
    approved = send(chat, telegram_api, OFFICIAL_CHAT, f"/xacnhan {code}")
    assert "Đã duyệt tin số" in approved and "đã được phát hành" in approved
    assert [b["title"] for b in emergencies(chat, login)] == ["Cháy lớn ở chợ"]
