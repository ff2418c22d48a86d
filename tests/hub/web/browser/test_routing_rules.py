"""Routing rules in a real browser (issue 18, item 9): the province's admin adds a rule on a desktop,
then removes it on a phone after the confirmation page. The screenshot illustrates the handbook."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.hub.web.browser.conftest import PHONE, overflows, shot, sign_in

PAGE = "/quan-tri/quy-tac-chuyen"


def test_an_admin_adds_a_routing_rule_on_a_desktop_and_removes_it_on_a_phone(open_page):
    desktop = open_page()
    sign_in(desktop, "admin", "admin-password-1")
    desktop.get_by_role("link", name="Quy tắc chuyển phản ánh").first.click()
    desktop.get_by_label("Phản ánh ở địa bàn").select_option(label="Phường Ea Kao")
    desktop.get_by_label("Thuộc lĩnh vực").select_option(label="An ninh, trật tự, an toàn xã hội")
    desktop.get_by_label("Giao cho cán bộ của").select_option(label="Phường Ea Kao")
    desktop.get_by_label("Tên đơn vị trả lời").fill("Công an phường Ea Kao")
    desktop.get_by_role("button", name="Thêm quy tắc").click()
    expect(desktop.get_by_role("status")).to_contain_text("Đã thêm quy tắc")
    rule = desktop.get_by_role("listitem").filter(has_text="An ninh, trật tự, an toàn xã hội ở Phường Ea Kao")
    expect(rule).to_contain_text("Công an phường Ea Kao")
    shot(desktop, "quy-tac-chuyen", handbook=True)

    phone = open_page(viewport=PHONE)
    sign_in(phone, "admin", "admin-password-1")
    phone.goto(PAGE)
    assert not overflows(phone)
    phone.get_by_role("listitem").filter(has_text="Công an phường Ea Kao").get_by_role("link", name="Xóa").click()
    expect(phone.get_by_role("heading", name="Xóa quy tắc chuyển phản ánh?")).to_be_visible()
    assert not overflows(phone)
    shot(phone, "xoa-quy-tac-chuyen")
    phone.get_by_role("button", name="Xóa quy tắc").click()
    expect(phone.get_by_role("status")).to_contain_text("Đã xóa quy tắc")
    expect(phone.get_by_text("Chưa có quy tắc nào")).to_be_visible()
