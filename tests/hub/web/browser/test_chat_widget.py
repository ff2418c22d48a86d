"""The portal's chat widget while the hub cannot store messages: it shows "đang gửi lại…", keeps the
message and sends it again with backoff (same message id) until the hub has it, then shows the
answer once. The hub's own 503 during a real PostgreSQL outage is tested in tests/bot/test_outage.py;
here the browser meets that answer for its first two tries."""

from __future__ import annotations

import json

from playwright.sync_api import Route, expect

from tests.hub.web.browser.conftest import PHONE

NOT_RECEIVED = {
    "type": "about:blank",
    "title": "Tạm thời không phục vụ được",
    "status": 503,
    "code": "chat_not_received",
    "detail": "Hệ thống đang gián đoạn, tin nhắn của bà con CHƯA được nhận.",
}


def test_the_widget_sends_a_message_again_until_the_hub_has_it(open_page):
    page = open_page(PHONE)
    seen: list[dict] = []

    def outage_then_back(route: Route) -> None:
        seen.append(json.loads(route.request.post_data or "{}"))
        if len(seen) <= 2:
            route.fulfill(status=503, content_type="application/problem+json", body=json.dumps(NOT_RECEIVED))
        else:
            route.continue_()

    page.route("**/webhooks/rest/webhook", outage_then_back)
    page.goto("/")
    page.get_by_role("button", name="Hỏi đáp").click()  # opening the chat says "Xin chào"
    expect(page.get_by_text("đang gửi lại…")).to_be_visible()
    expect(page.locator(".ttcs-chat-bot").first).to_contain_text("Xin chào", timeout=60_000)
    expect(page.get_by_text("đang gửi lại…")).to_have_count(0)
    expect(page.locator(".ttcs-chat-me")).to_have_count(1)
    assert len(seen) == 3 and len({m["message_id"] for m in seen}) == 1, "the same message, sent again"
    expect(page.get_by_text("CHƯA được nhận")).to_have_count(0)  # a retry the citizen need not act on


def test_links_in_a_reply_are_clickable_and_nothing_else_becomes_markup(open_page):
    page = open_page(PHONE)
    reply = [
        {
            "recipient_id": "x",
            "text": "• Tiêm phòng dại (01/10, UBND)\n  Đọc: http://ttcs.test/xa/24169/tin/707.\n<b>không in đậm</b>",
        }
    ]

    def answer(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=json.dumps(reply))

    page.route("**/webhooks/rest/webhook", answer)
    page.goto("/")
    page.get_by_role("button", name="Hỏi đáp").click()
    link = page.locator(".ttcs-chat-bot a").first
    expect(link).to_have_attribute("href", "http://ttcs.test/xa/24169/tin/707")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(page.locator(".ttcs-chat-bot b")).to_have_count(0)
    expect(page.locator(".ttcs-chat-bot").first).to_contain_text("<b>không in đậm</b>")
