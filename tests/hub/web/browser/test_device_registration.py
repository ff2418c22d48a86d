"""Device registration in a real browser (issue 18, item 9): an operator registers a loudspeaker on a
phone and is shown its token once; on a desktop issues a new token and retires it. The screenshots
illustrate the handbook."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.hub.web.browser.conftest import PHONE, overflows, shot, sign_in

IMEI = "860001000009993"


def test_an_operator_registers_a_device_on_a_phone_then_rekeys_and_retires_it(open_page):
    phone = open_page(viewport=PHONE)
    sign_in(phone, "vanhanh.eakao")
    phone.goto("/quan-tri/thiet-bi/dang-ky")
    phone.get_by_label("Số IMEI").fill(IMEI)
    phone.get_by_label("Tên thiết bị").fill("Cụm loa chợ Ea Kao")
    phone.get_by_label("Vị trí lắp đặt").fill("Cổng chợ Ea Kao")
    assert not overflows(phone)
    shot(phone, "dang-ky-thiet-bi", handbook=True)
    phone.get_by_role("button", name="Đăng ký").click()
    expect(phone.get_by_role("heading", name="Đã đăng ký thiết bị")).to_be_visible()
    expect(phone.get_by_label("Mã thiết bị")).not_to_have_value("")
    assert not overflows(phone)
    shot(phone, "ma-thiet-bi", handbook=True)

    desktop = open_page()
    sign_in(desktop, "vanhanh.eakao")
    desktop.goto(f"/quan-tri/thiet-bi/{IMEI}")
    desktop.get_by_role("button", name="Cấp mã mới").click()
    expect(desktop.get_by_role("heading", name="Đã cấp mã thiết bị mới")).to_be_visible()
    desktop.get_by_role("link", name="Về trang thiết bị").click()
    desktop.get_by_label("Lý do thu hồi").fill("Thiết bị hỏng, đã tháo dỡ")
    shot(desktop, "thu-hoi-thiet-bi", handbook=True)
    desktop.get_by_role("button", name="Thu hồi (ngừng sử dụng)").click()
    expect(desktop.get_by_role("status")).to_contain_text("Đã thu hồi mã của thiết bị Cụm loa chợ Ea Kao")
    expect(desktop.get_by_role("button", name="Cấp mã mới")).to_have_count(0)
