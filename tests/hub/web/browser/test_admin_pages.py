"""The admin's pages of issue 18 item 9 in a real browser, on a phone and on a desktop: the holidays
of a year, a commune's office phone and hours, and unlocking an official locked out by wrong
passwords; each change is in the audit log. (Device registration: test_device_registration.py.)"""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from playwright.sync_api import expect

from hub.kit.time import VN_TZ, utcnow
from tests.hub.web.browser.conftest import DESKTOP, PHONE, overflows, shot, sign_in

VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
ADMIN = ("admin", "admin-password-1")


@VIEWPORTS
def test_an_admin_adds_and_removes_a_holiday(open_page, viewport):
    year = utcnow().astimezone(VN_TZ).year
    day = date(year, 11, 19)
    page = open_page(viewport)
    sign_in(page, *ADMIN)
    if viewport == PHONE:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation").get_by_role("link", name="Ngày nghỉ lễ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Ngày nghỉ lễ năm {year}")
    page.locator("#f-day").fill(day.isoformat())  # the date input "Ngày"
    page.get_by_label("Tên ngày nghỉ").fill("Nghỉ bù Ngày Nhà giáo")
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.get_by_role("status")).to_have_text(f"Đã thêm ngày nghỉ {day:%d/%m/%Y}: Nghỉ bù Ngày Nhà giáo.")
    row = page.locator("li", has_text="Nghỉ bù Ngày Nhà giáo")
    assert not overflows(page)
    shot(page, "ngay-nghi-le", handbook=viewport == DESKTOP)
    row.get_by_role("button", name="Bỏ").click()
    expect(page.get_by_role("status")).to_contain_text(f"Đã bỏ ngày nghỉ {day:%d/%m/%Y}")
    expect(page.locator("ul.items")).not_to_contain_text("Nghỉ bù Ngày Nhà giáo")
    page.goto("/quan-tri/nhat-ky")
    expect(page.locator("main")).to_contain_text("thêm ngày nghỉ lễ", ignore_case=True)
    expect(page.locator("main")).to_contain_text("bỏ ngày nghỉ lễ", ignore_case=True)


@VIEWPORTS
def test_an_admin_sets_a_communes_office_phone_and_hours(open_page, viewport):
    page = open_page(viewport)
    sign_in(page, *ADMIN)
    page.goto("/quan-tri/dia-ban/24169")
    office = page.locator("#lien-he")
    office.get_by_label("Số điện thoại").fill("0262 38 abc")
    office.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_be_visible()  # refused in Vietnamese, what was typed kept
    expect(page.locator("#lien-he").get_by_label("Số điện thoại")).to_have_value("0262 38 abc")
    office = page.locator("#lien-he")
    office.get_by_label("Số điện thoại").fill("0262 3851 234")
    office.get_by_label("Giờ làm việc").fill("Sáng thứ Hai đến thứ Sáu từ 7 giờ 30 đến 11 giờ 30.")
    office.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu số điện thoại và giờ làm việc.")
    expect(page.locator("#lien-he")).to_contain_text("0262 3851 234")
    assert not overflows(page)
    page.locator("#lien-he").scroll_into_view_if_needed()
    shot(page, "lien-he-ubnd" if viewport == DESKTOP else "lien-he-ubnd-dien-thoai", handbook=viewport == DESKTOP)
    page.goto("/quan-tri/nhat-ky")
    expect(page.locator("main")).to_contain_text("sửa số điện thoại, giờ làm việc", ignore_case=True)


@VIEWPORTS
def test_an_admin_unlocks_an_official_locked_out_by_wrong_passwords(open_page, server, viewport):
    for _ in range(5):
        httpx.post(f"{server.url}/api/v1/auth/token", data={"username": "duyet.eakao", "password": "doan-mo-1234"})
    page = open_page(viewport)
    sign_in(page, *ADMIN)
    page.goto("/quan-tri/tai-khoan")
    row = page.locator("tr", has_text="Y Bhim Niê")
    expect(row).to_contain_text("tạm khóa đăng nhập")
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Đăng nhập đang bị tạm khóa")).to_be_visible()
    assert not overflows(page)
    shot(page, "mo-khoa-dang-nhap", handbook=viewport == DESKTOP)
    page.get_by_role("button", name="Mở khóa đăng nhập").click()
    expect(page.get_by_role("status")).to_contain_text("Đã mở khóa đăng nhập")
    official = open_page(viewport)
    sign_in(official, "duyet.eakao")
    expect(official.get_by_role("heading", name="Tổng quan")).to_be_visible()
    page.goto("/quan-tri/nhat-ky")
    expect(page.locator("main")).to_contain_text("mở khóa đăng nhập", ignore_case=True)
