"""The relay page ("Tiếp sóng") in a real browser: an admin registers an upstream station and a daily
relay window for Phường Ea Kao with the page's forms, and both are listed. The screenshot illustrates
the handbook (docs/huong-dan/tiep-song.md); no streaming server is needed to manage the programme."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.hub.web.browser.conftest import shot, sign_in


def test_an_admin_registers_a_station_and_a_daily_relay_window(open_page):
    page = open_page()
    sign_in(page, "admin", "admin-password-1")
    page.goto("/quan-tri/tiep-song")
    expect(page.locator("main")).to_contain_text("Chưa có nguồn tiếp sóng nào.")

    page.get_by_label("Tên nguồn").fill("VOV1")
    page.get_by_label("Địa chỉ luồng").fill("https://stream.vov.vn/vov1.mp3")
    page.get_by_label("Mã địa bàn dùng nguồn").fill("66")
    page.get_by_role("button", name="Đăng ký nguồn").click()
    sources = page.locator("table").first
    expect(sources).to_contain_text("VOV1")
    expect(sources).to_contain_text("Chờ giờ tiếp sóng")

    page.get_by_label("Nguồn", exact=True).select_option(label="VOV1")
    page.get_by_label("Mã xã, phường").fill("24169")
    page.get_by_role("button", name="Thêm giờ").click()
    windows = page.locator("table").nth(1)
    expect(windows).to_contain_text("05:45–06:15 hằng ngày")
    expect(windows).to_contain_text("24169")
    shot(page, "tiep-song", handbook=True)
