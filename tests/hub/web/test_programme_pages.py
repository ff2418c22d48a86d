"""The programme pages: a commune's week calendar with its broadcast windows, what plays and the
conflicts, navigation by week; the operating rules, edited by device operators only; other
communes' programmes stay closed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.support.demo import PUBLISHED_PROVINCE
from tests.support.device_api import bulletin
from tests.support.web import post_form, text_of

EA_KAO = "24169"


def next_monday() -> date:
    today = (datetime.now(UTC) + timedelta(hours=7)).date()
    return today - timedelta(days=today.weekday()) + timedelta(days=7)


def test_the_editor_opens_the_wards_week_with_windows_and_the_daily_item(browser):
    me = browser("bientap.eakao")
    assert 'href="/quan-tri/lich-phat"' in me.get("/quan-tri/").text
    page = me.get("/quan-tri/lich-phat")  # one commune: straight to its week
    assert page.url.path == f"/quan-tri/lich-phat/{EA_KAO}"
    shown = text_of(page.text)
    assert "Lịch phát — Phường Ea Kao" in shown and "(hôm nay)" in shown
    for name in ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"):
        assert name in shown
    monday = next_monday()
    later = text_of(me.get(f"/quan-tri/lich-phat/{EA_KAO}", params={"tuan": monday.isoformat()}).text)
    assert f"Thứ Hai {monday:%d/%m}" in later and f"Chủ nhật {monday + timedelta(days=6):%d/%m}" in later
    assert later.count("Khung giờ phát 06:00–06:30") == 7 and later.count("Khung giờ phát 17:00–17:30") == 7
    assert later.count(f"06:10 {PUBLISHED_PROVINCE}") == 7  # scheduled daily at 06:10 and 17:10
    assert "Hằng ngày" in later and "06:10, 17:10" in later


def test_week_navigation_goes_monday_to_monday(browser):
    page = browser("bientap.eakao").get(f"/quan-tri/lich-phat/{EA_KAO}", params={"tuan": "2026-11-26"}).text
    assert "Tuần 23/11–29/11/2026" in text_of(page)
    assert f'href="/quan-tri/lich-phat/{EA_KAO}?tuan=2026-11-16"' in page
    assert f'href="/quan-tri/lich-phat/{EA_KAO}?tuan=2026-11-30"' in page
    odd = browser("bientap.eakao").get(f"/quan-tri/lich-phat/{EA_KAO}", params={"tuan": "not-a-date"})
    assert odd.status_code == 200  # an unreadable week falls back to this week


def test_unordered_priority_bulletins_are_a_conflict_and_an_item_moved_within_its_window_is_not(browser, client, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    monday = next_monday()
    meeting = bulletin(client, editor, approver, title="Họp tổ dân phố về an ninh trật tự")
    scheduled = client.post(
        f"/api/v1/broadcasts/{EA_KAO}/schedules",
        json={"bulletin_id": meeting, "recurrence": "once", "times": ["06:10"], "days": [monday.isoformat()]},
        headers=editor,
    )
    assert scheduled.status_code == 201, scheduled.text
    for title in ("Phòng chống sốt xuất huyết", "Phòng cháy rừng mùa khô"):
        bulletin(client, editor, approver, title=title, priority="priority")

    page = browser("bientap.eakao").get(f"/quan-tri/lich-phat/{EA_KAO}", params={"tuan": monday.isoformat()})
    shown = text_of(page.text)
    assert "Xung đột trong tuần" in shown and 'class="day clash"' in page.text
    assert "Cần sắp thứ tự tin ưu tiên" in shown and "Phòng cháy rừng mùa khô" in shown
    # the 06:10 meeting waits for the ward's other 06:10 item and still ends in its window: a note, not a conflict
    assert "Trùng giờ, phát lùi" not in shown and "Họp tổ dân phố về an ninh trật tự" in shown
    assert "sau “Lịch tiêm chủng mở rộng" in shown and 'class="p-normal conflict warning"' not in page.text
    assert "Chú giải: tin nào phát trước" in shown and shown.count("phát ngay khi phát hành") == 1


def test_another_communes_programme_is_closed(browser):
    me = browser("bientap.cumgar")
    assert me.get(f"/quan-tri/lich-phat/{EA_KAO}").status_code == 403
    assert me.get(f"/quan-tri/lich-phat/{EA_KAO}/quy-che").status_code == 403
    assert me.get("/quan-tri/lich-phat").url.path == "/quan-tri/lich-phat/24280"


def test_a_province_official_chooses_among_the_communes(browser):
    page = text_of(browser("xem.tinh").get("/quan-tri/lich-phat").text)
    assert "Chọn một xã, phường" in page and "Phường Ea Kao" in page and "Xã Cư M’gar" in page


def test_the_operator_edits_the_operating_rules_and_the_programme_follows(browser, client, login):
    me = browser("vanhanh.eakao")
    page = text_of(me.get(f"/quan-tri/lich-phat/{EA_KAO}/quy-che").text)
    assert "06:00–06:30, 11:00–11:30, 17:00–17:30" in page and "Sửa quy chế" in page
    saved = post_form(
        me,
        f"/quan-tri/lich-phat/{EA_KAO}/quy-che",
        f"/quan-tri/lich-phat/{EA_KAO}/quy-che",
        {
            "windows": "06:00-06:45\n17:00 – 17:30",
            "quiet": "22:00–05:00",
            "max_volume": "70",
            "interrupt_policy": "skip",
        },
    )
    shown = text_of(saved.text)
    assert "Đã lưu quy chế phát." in shown
    assert "06:00–06:45, 17:00–17:30" in shown and "22:00–05:00" in shown and "Bỏ qua, không phát lại" in shown
    rules = client.get(f"/api/v1/broadcasts/{EA_KAO}", headers=login("bientap.eakao")).json()["rules"]
    assert rules["windows"] == [["06:00", "06:45"], ["17:00", "17:30"]] and rules["max_volume"] == 70
    week = text_of(me.get(f"/quan-tri/lich-phat/{EA_KAO}").text)
    assert "Khung giờ phát 06:00–06:45" in week and "11:00–11:30" not in week
    trail = client.get("/api/v1/audit", params={"entity_type": "area"}, headers=login("admin", "admin-password-1"))
    assert any(r["action"] == "broadcast.rules" and r["channel"] == "web" for r in trail.json())


def test_overlapping_windows_are_refused_in_vietnamese_and_the_text_is_kept(browser):
    me = browser("vanhanh.eakao")
    refused = post_form(
        me,
        f"/quan-tri/lich-phat/{EA_KAO}/quy-che",
        f"/quan-tri/lich-phat/{EA_KAO}/quy-che",
        {
            "windows": "06:00–06:30\n06:15–07:00",
            "quiet": "21:30–05:30",
            "max_volume": "80",
            "interrupt_policy": "resume",
        },
    )
    assert refused.status_code == 422
    assert "Hai khung giờ phát 06:00–06:30 và 06:15–07:00 chồng lên nhau." in text_of(refused.text)
    assert "06:15–07:00" in refused.text.split("<textarea", 1)[1]


def test_an_editor_reads_the_rules_but_cannot_change_them(browser, client, login):
    me = browser("bientap.eakao")
    page = text_of(me.get(f"/quan-tri/lich-phat/{EA_KAO}/quy-che").text)
    assert "Âm lượng tối đa 85" in page and "Sửa quy chế" not in page
    forced = post_form(
        me,
        f"/quan-tri/lich-phat/{EA_KAO}",
        f"/quan-tri/lich-phat/{EA_KAO}/quy-che",
        {"windows": "06:00–06:30", "quiet": "", "max_volume": "100", "interrupt_policy": "resume"},
    )
    assert forced.status_code == 403 and "Vận hành thiết bị" in text_of(forced.text)
    forged = me.post(f"/quan-tri/lich-phat/{EA_KAO}/quy-che", data={"csrf_token": "x", "max_volume": "100"})
    assert forged.status_code == 403
    assert (
        client.get(f"/api/v1/broadcasts/{EA_KAO}", headers=login("bientap.eakao")).json()["rules"]["max_volume"] == 85
    )
