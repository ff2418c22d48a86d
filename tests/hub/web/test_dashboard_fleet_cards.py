"""The dashboard's devices and today's-programme cards: an operator sees at a glance how many of the
ward's loudspeakers answer, which one went silent, and what still plays today."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.hub.web.test_device_pages import BUON, go_offline, heartbeat
from tests.support.demo import PUBLISHED_PROVINCE
from tests.support.web import text_of


def test_the_devices_card_counts_the_wards_devices_and_names_the_silent_one(browser, client, hub):
    me = browser("vanhanh.eakao")
    before = text_of(me.get("/quan-tri/").text)
    assert "0 / 3 thiết bị đang kết nối · 3 chưa kết nối lần nào" in before  # two loudspeakers, an e-board
    assert "Mọi thiết bị đều đang kết nối" not in before

    heartbeat(client, BUON)
    go_offline(hub)
    heartbeat(client, "860001000000011")
    page = me.get("/quan-tri/").text
    shown = text_of(page)
    assert "1 / 3 thiết bị đang kết nối · 1 mất kết nối · 1 chưa kết nối lần nào" in shown
    assert "Cụm loa Buôn Ea Kao" in shown and f'href="/quan-tri/thiet-bi/{BUON}"' in page
    assert "Cụm loa UBND xã Cư M’gar" not in shown  # another commune's device

    province = text_of(browser("xem.tinh").get("/quan-tri/").text)
    assert "thiết bị đang kết nối" in province and "/ 3 thiết bị" not in province  # every commune's


def test_todays_programme_card_shows_what_still_plays_today_in_the_ward(browser):
    page = browser("bientap.eakao").get("/quan-tri/").text
    shown = text_of(page)
    assert "Chương trình phát hôm nay" in shown
    assert 'href="/quan-tri/lich-phat/24169"' in page
    now = datetime.now(UTC) + timedelta(hours=7)
    minutes = now.hour * 60 + now.minute
    if minutes < 16 * 60 + 55:  # the demo's daily item plays at 17:10 (and 06:10)
        assert f"17:10 {PUBLISHED_PROVINCE}" in shown
    elif minutes > 17 * 60 + 35:
        assert "Loa không còn phát tin nào trong hôm nay." in shown

    province = text_of(browser("bientap.tinh").get("/quan-tri/").text)
    assert "Chương trình phát hôm nay" not in province  # a province has no single programme
