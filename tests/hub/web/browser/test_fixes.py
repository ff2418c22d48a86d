"""What officials stumbled on, in a real browser on a 360×740 phone and a desktop: the phone's menu
folds so the content comes first; the title field stops at its limit; the devices search takes a
name without diacritics; Back + resubmit never makes a second bulletin."""

import pytest
from playwright.sync_api import expect

from hub.bulletins.model import TITLE_MAX
from tests.hub.web.browser.conftest import DESKTOP, PHONE, overflows, shot, sign_in

VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])


def test_on_a_phone_the_menu_folds_and_the_content_comes_first(open_page):
    page = open_page(PHONE)
    sign_in(page, "duyet.eakao")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(page.get_by_role("navigation").get_by_role("link", name="Nhật ký")).to_be_hidden()
    heading = page.get_by_role("heading", level=1).first
    assert heading.bounding_box()["y"] < 740 / 3  # the page's own heading in the first third of the screen
    shot(page, "menu-dien-thoai", handbook=True)
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.get_by_role("navigation").get_by_role("link", name="Tin", exact=True).click()
    page.wait_for_url("**/quan-tri/tin")
    assert not overflows(page)


def test_on_a_desktop_the_menu_stays_open(open_page):
    page = open_page(DESKTOP)
    sign_in(page, "duyet.eakao")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("navigation").get_by_role("link", name="Tin", exact=True)).to_be_visible()


@VIEWPORTS
def test_the_title_stops_at_its_limit(open_page, viewport):
    page = open_page(viewport)
    sign_in(page, "bientap.eakao")
    page.goto("/quan-tri/tin/moi")
    title = page.get_by_role("textbox", name="Tiêu đề", exact=True)
    title.press_sequentially("x" * (TITLE_MAX + 20), delay=0)
    assert len(title.input_value()) == TITLE_MAX


@VIEWPORTS
def test_devices_are_found_by_an_area_typed_without_diacritics(open_page, viewport):
    page = open_page(viewport)
    sign_in(page, "vanhanh.eakao")
    page.goto("/quan-tri/thiet-bi")
    page.get_by_label("Tìm theo tên, mã, vị trí, địa bàn").fill("buon ea kao")
    page.get_by_label("Tìm theo tên, mã, vị trí, địa bàn").press("Enter")
    expect(page.locator("main")).to_contain_text("1 thiết bị khớp với “buon ea kao”")
    expect(page.locator("main")).to_contain_text("Cụm loa Buôn Ea Kao")


@VIEWPORTS
def test_back_and_resubmit_makes_no_second_bulletin(open_page, viewport):
    title = "Thông báo lịch tiêm phòng dại" + (" (điện thoại)" if viewport == PHONE else "")
    page = open_page(viewport)
    sign_in(page, "bientap.eakao")
    page.goto("/quan-tri/tin/moi")
    page.get_by_role("textbox", name="Tiêu đề", exact=True).fill(title)
    page.get_by_label("Nội dung (tiếng Việt, dùng để đọc trên loa)").fill("Tiêm phòng dại sáng thứ Bảy.")
    page.get_by_label("Lĩnh vực").select_option("local_affairs")
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu và gửi tin đi duyệt.")
    first = page.url
    page.go_back()
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    page.wait_for_url(first)
    expect(page.get_by_role("status")).to_contain_text("đã được gửi trước đó")
    page.goto("/quan-tri/tin?q=" + title)
    expect(page.locator("main")).to_contain_text("1 tin khớp")
