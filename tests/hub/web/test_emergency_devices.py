"""The emergency confirmation names the devices it interrupts: those of the receiving areas and the
areas below them, with their state, and never those of another commune."""

from __future__ import annotations

from tests.hub.web.test_device_pages import BUON, go_offline, heartbeat
from tests.support.web import post_form, text_of

ALERT = {
    "title": "Cảnh báo lũ quét",
    "body": "Mưa rất to trong đêm nay. Bà con vùng trũng thấp di chuyển đến nơi an toàn ngay.",
    "category": "disaster_emergency",
}


def confirm(me, targets: str) -> str:
    page = post_form(me, "/quan-tri/khan-cap", "/quan-tri/khan-cap", {**ALERT, "targets": targets, "_step": "review"})
    assert page.status_code == 200, page.text
    return text_of(page.text)


def test_the_confirmation_lists_the_wards_devices_and_not_the_other_communes(browser, client, hub):
    heartbeat(client, BUON)
    go_offline(hub)
    shown = confirm(browser("duyet.eakao"), "24169")
    assert "Thiết bị sẽ bị ngắt (3)" in shown
    assert "Cụm loa UBND phường Ea Kao — Cụm loa, mã 860001000000011, chưa kết nối" in shown
    assert "Cụm loa Buôn Ea Kao — Cụm loa, mã 860001000000012, mất kết nối" in shown  # in a village of the ward
    assert "Bảng tin điện tử phường Ea Kao — Bảng tin điện tử, mã 860001000000091" in shown
    assert "Cư M’gar" not in shown
    assert "3 thiết bị đang mất hoặc chưa kết nối: sẽ phát tin khi kết nối lại" in shown


def test_a_village_interrupts_only_its_own_devices(browser):
    shown = confirm(browser("duyet.eakao"), "24169-001")
    assert "Thiết bị sẽ bị ngắt (1)" in shown and "Cụm loa Buôn Ea Kao" in shown
    assert "Cụm loa UBND phường Ea Kao" not in shown


def test_a_province_emergency_interrupts_every_communes_devices(browser):
    shown = confirm(browser("duyet.tinh"), "66")
    assert "Thiết bị sẽ bị ngắt (4)" in shown
    assert "Cụm loa UBND xã Cư M’gar" in shown and "Cụm loa Buôn Ea Kao" in shown


def test_an_area_without_devices_says_so(browser):
    shown = confirm(browser("duyet.eakao"), "24169-002")
    assert "Thiết bị sẽ bị ngắt" in shown and "Các địa bàn này chưa có cụm loa hay bảng tin nào." in shown
