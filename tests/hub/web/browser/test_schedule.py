"""Scheduling from a bulletin's page in a real browser, on a desktop and on a 360×740 phone: the
"Lịch phát" panel says the approved bulletin has no schedule, the form's conflicts preview appears
(htmx) before saving, and saving lists the schedule. The desktop screenshot illustrates the handbook
(docs/huong-dan/len-lich-phat.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest
from playwright.sync_api import expect

from hub.kit.time import VN_TZ
from tests.hub.web.browser.conftest import DESKTOP, PHONE, overflows, shot, sign_in
from tests.support.settings import DEMO_PASSWORD


def api_login(base: str, username: str) -> dict[str, str]:
    token = httpx.post(f"{base}/api/v1/auth/token", data={"username": username, "password": DEMO_PASSWORD})
    return {"Authorization": f"Bearer {token.raise_for_status().json()['access_token']}"}


def approved(base: str, title: str) -> int:
    editor, approver = api_login(base, "bientap.eakao"), api_login(base, "duyet.eakao")
    body = {"title": title, "body": f"{title}. Bà con lưu ý.", "category": "local_affairs", "target_codes": ["24169"]}
    bid = httpx.post(f"{base}/api/v1/bulletins", json=body, headers=editor).raise_for_status().json()["id"]
    httpx.post(f"{base}/api/v1/bulletins/{bid}/submit", headers=editor).raise_for_status()
    httpx.post(f"{base}/api/v1/bulletins/{bid}/approve", headers=approver).raise_for_status()
    return bid


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_editor_schedules_daily_plays_from_the_bulletin_page(open_page, server, viewport):
    bid = approved(server.url, "Thu gom rác thải sinh hoạt")
    page = open_page(viewport)
    sign_in(page, "bientap.eakao")
    page.goto(f"/quan-tri/tin/{bid}")
    panel = page.locator("#panel-schedule")
    expect(panel).to_contain_text("Chưa có lịch phát.")
    expect(panel.get_by_role("button", name="Phát ở khung giờ tới:")).to_be_visible()
    panel.get_by_text("Xếp lịch phát khác").click()
    panel.get_by_role("radio", name="Hằng ngày").check()
    panel.get_by_label("Giờ phát").fill("6:00, 17:00")
    preview = panel.locator(".schedule-check")
    expect(preview).to_contain_text("Loa của Phường Ea Kao sẽ phát:")  # before anything is saved
    expect(preview).to_contain_text("xung đột")
    assert not overflows(page)
    if viewport == DESKTOP:
        shot(page, "lich-phat-xep-lich", handbook=True)
    else:
        shot(page, "lich-phat-xep-lich-dien-thoai")
    panel.get_by_role("button", name="Lưu lịch phát").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã xếp lịch phát tại Phường Ea Kao.")
    expect(page.locator("#panel-schedule")).to_contain_text("Hằng ngày lúc 06:00, 17:00")
    expect(page.locator("#panel-schedule")).not_to_contain_text("Chưa có lịch phát.")
    assert not overflows(page)


def scheduled_at_five(base: str, title: str, day: str) -> None:
    bid = approved(base, title)
    body = {"bulletin_id": bid, "recurrence": "once", "times": ["17:00"], "days": [day]}
    headers = api_login(base, "bientap.eakao")
    httpx.post(f"{base}/api/v1/broadcasts/24169/schedules", json=body, headers=headers).raise_for_status()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["drag", "buttons"])
def test_an_editor_reorders_the_items_of_one_window(open_page, server, viewport):
    day = (datetime.now(VN_TZ) + timedelta(days=1)).date().isoformat()
    scheduled_at_five(server.url, "Tin thứ nhất", day)
    scheduled_at_five(server.url, "Tin thứ hai", day)
    page = open_page(viewport)
    sign_in(page, "bientap.eakao")
    page.goto(f"/quan-tri/lich-phat/24169?tuan={day}")
    first = page.locator("li[data-reorder-group]").filter(has_text="Tin thứ nhất").first
    second = page.locator("li[data-reorder-group]").filter(has_text="Tin thứ hai").first
    if viewport == DESKTOP:
        second.drag_to(first)
    else:
        second.get_by_role("button", name="Đưa “Tin thứ hai” lên trước").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã đổi thứ tự phát trong khung giờ.")
    day_list = page.locator("section.day").filter(has_text="Tin thứ nhất").first
    titles = day_list.locator("li[data-reorder-group] a").all_inner_texts()
    assert titles.index("Tin thứ hai") < titles.index("Tin thứ nhất")
    assert not overflows(page)
