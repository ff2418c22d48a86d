"""The report's numbers against data the test creates through the services: each figure moves by
exactly what happened in the ward, and nothing that happened in another commune counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hub.context import Hub
from hub.reports.device_availability import figures as device_figures
from hub.reports.model import Period
from hub.reports.repository import AlertRow, DeviceRow
from hub.reports.sections import sections
from tests.hub.reports.helpers import FIRST, LAST, build, make_year, play_streams


def _counts(rows) -> dict[str, int]:
    return {r.key: r.count for r in rows}


def _delta(after, before) -> dict[str, int]:
    a, b = _counts(after), _counts(before)
    return {k: a[k] - b.get(k, 0) for k in a if a[k] != b.get(k, 0)}


def test_the_report_counts_what_happened_in_the_ward(hub: Hub) -> None:
    at_end = Period(FIRST, LAST).end  # a report made once the period is over
    before, before_at_end = build(hub), build(hub, now=at_end)
    make_year(hub)
    after, after_at_end = build(hub), build(hub, now=at_end)

    assert after.bulletins.total - before.bulletins.total == 3  # the draft and the rejected one do not count
    assert _delta(after.bulletins.by_priority, before.bulletins.by_priority) == {"normal": 2, "priority": 1}
    assert _delta(after.bulletins.by_level, before.bulletins.by_level) == {"commune": 3}
    assert _delta(after.bulletins.by_category, before.bulletins.by_category) == {
        "local_affairs": 1,
        "disaster_emergency": 1,
        "society": 1,
    }

    speakers = after.broadcasts.loudspeakers
    assert speakers == 2  # the ward's two demo loudspeakers (the e-board plays no programme)
    # Daily at 06:10 and 17:10 for the three days the bulletin is valid (from tomorrow), on each
    # loudspeaker: counted by a report made at the period's end; a report made today counts only the
    # plays due by today, none of these.
    planned = after_at_end.broadcasts.scheduled_plays - before_at_end.broadcasts.scheduled_plays
    assert planned == 3 * 2 * speakers
    assert after.broadcasts.scheduled_plays - before.broadcasts.scheduled_plays == 0
    assert after.broadcasts.scheduled_until is not None and after_at_end.broadcasts.scheduled_until is None
    assert after.broadcasts.played_on_schedule - before.broadcasts.played_on_schedule == 2
    assert after.broadcasts.played_minutes - before.broadcasts.played_minutes == pytest.approx(3.5)  # 120+60+30 s
    assert _delta(after.broadcasts.plays_by_result, before.broadcasts.plays_by_result) == {
        "played": 2,
        "missed": 1,
        "interrupted": 1,
    }

    assert after.calls.calls - before.calls.calls == 2  # the call about Cư M’gar is not the ward's
    assert after.calls.minutes - before.calls.minutes == pytest.approx(190 / 60)
    assert after.calls.cases_filed - before.calls.cases_filed == 1

    fb, was = after.feedback, before.feedback
    assert fb.received - was.received == 4
    assert fb.answered - was.answered == 2
    assert fb.answered_on_time - was.answered_on_time == 1  # the case filed 30 days ago was answered late
    assert fb.open_in_time - was.open_in_time == 2

    assert after.reach.subscribers - before.reach.subscribers == 2
    assert after.reach.new_subscribers - before.reach.new_subscribers == 2


def test_the_province_report_adds_up_its_communes(hub: Hub) -> None:
    make_year(hub)
    province = build(hub, "66", "duyet.tinh")
    by_code = {u.code: u for u in province.units}
    ward = build(hub)
    assert by_code["24169"].feedback_received == ward.feedback.received
    assert by_code["24169"].feedback_answered == ward.feedback.answered
    assert by_code["24169"].bulletins == ward.bulletins.total
    assert sum(u.feedback_received for u in province.units) <= province.feedback.received
    assert province.calls.calls >= ward.calls.calls + 1


def test_minutes_live_and_relayed_are_counted_from_the_loudspeakers_play_logs(hub: Hub) -> None:
    before, province_before = build(hub), build(hub, "66", "duyet.tinh")
    play_streams(hub, live_seconds=180, relay_seconds=300)
    after, province = build(hub), build(hub, "66", "duyet.tinh")

    bc, was = after.broadcasts, before.broadcasts
    assert bc.live_minutes - was.live_minutes == pytest.approx(3)
    assert bc.relayed_minutes - was.relayed_minutes == pytest.approx(5)  # the failed relay play never sounded
    assert bc.played_minutes - was.played_minutes == pytest.approx(8)  # of the minutes played on loudspeakers
    by_kind = {k: v for k, _, v in bc.played_minutes_by_priority}
    assert by_kind["live"] == pytest.approx(bc.live_minutes) and by_kind["relay"] == pytest.approx(bc.relayed_minutes)
    assert by_kind.get("", 0.0) == pytest.approx({k: v for k, _, v in was.played_minutes_by_priority}.get("", 0.0))

    ward, ward_before = (next(u for u in r.units if u.code == "24169") for r in (province, province_before))
    assert ward.live_minutes - ward_before.live_minutes == pytest.approx(3)
    assert ward.relayed_minutes - ward_before.relayed_minutes == pytest.approx(5)
    assert province.broadcasts.live_minutes - province_before.broadcasts.live_minutes == pytest.approx(3)

    figures = {
        row[0]: row[1] for s in sections(after) for t in s.tables if t.title == "Số liệu chính" for row in t.rows
    }
    assert figures["Số phút phát trực tiếp"] == round(bc.live_minutes, 1)
    assert figures["Số phút tiếp sóng"] == round(bc.relayed_minutes, 1)


def test_availability_is_time_in_service_less_time_offline() -> None:
    period = Period(datetime(2026, 1, 1).date(), datetime(2026, 1, 10).date())
    start = period.start
    devices = [
        DeviceRow(1, "loudspeaker", "/66/24169/", start - timedelta(days=30), None, start),
        DeviceRow(2, "loudspeaker", "/66/24169/", start + timedelta(days=5), None, start),  # five days in service
        DeviceRow(3, "eboard", "/66/24169/", start, None, start),
    ]
    alerts = [
        AlertRow(1, "offline", start + timedelta(days=1), start + timedelta(days=1, hours=12)),
        AlertRow(2, "offline", start - timedelta(days=1), None),  # offline all its time in the period
        AlertRow(1, "mains_lost", start + timedelta(days=2), None),
    ]
    now = datetime(2027, 1, 1, tzinfo=UTC)
    found = device_figures(devices, alerts, period, now)
    speakers = next(k for k in found.kinds if k.kind == "loudspeaker")
    assert speakers.devices == 2
    assert speakers.service_hours == pytest.approx(15 * 24)
    assert speakers.offline_hours == pytest.approx(12 + 5 * 24)
    assert speakers.availability == pytest.approx((15 * 24 - 132) / (15 * 24))
    assert next(k for k in found.kinds if k.kind == "eboard").availability == 1.0
    assert {r.key: r.count for r in found.alarms}["mains_lost"] == 1


def test_a_custom_period_must_be_in_order_and_bounded(hub: Hub, client, login) -> None:
    headers = login("duyet.eakao")
    for query in ({"from": "2026-06-01", "to": "2026-01-01"}, {"from": "2020-01-01", "to": "2026-01-01"}):
        refused = client.get("/api/v1/reports/annual", params={"area": "24169", **query}, headers=headers)
        assert refused.status_code == 422
        assert "Kỳ báo cáo" in refused.json()["detail"] or "Ngày cuối kỳ" in refused.json()["detail"]


def test_a_loudspeaker_that_never_connected_counts_against_availability() -> None:
    today = datetime.now(UTC).date()
    period = Period(today - timedelta(days=30), today - timedelta(days=1))
    start = period.start
    devices = [
        DeviceRow(1, "loudspeaker", "/66/24169/", start, None, start + timedelta(hours=1)),  # always on
        DeviceRow(2, "loudspeaker", "/66/24169/", start, None, None),  # registered, never heard from
    ]
    found = device_figures(devices, [], period, datetime.now(UTC))
    speakers = next(k for k in found.kinds if k.kind == "loudspeaker")
    assert speakers.devices == 2
    assert speakers.availability == pytest.approx(0.5)


def test_mid_period_the_scheduled_plays_are_those_due_by_the_report_date() -> None:
    from hub.reports.repository import ScheduleRow
    from hub.reports.scheduled import Fleet, occurrences, scheduled

    today = datetime.now(UTC).date()
    period = Period(today - timedelta(days=10), today + timedelta(days=9))  # 20 days, half of them to come
    row = ScheduleRow("/66/24169/", 1, "daily", ["06:00"], [], None, None, period.start, None, None, 60_000, 0)
    fleet = Fleet([DeviceRow(1, "loudspeaker", "/66/24169/", period.start, None, period.start)])
    whole = scheduled([row], {"/66/24169/": fleet}, period)["/66/24169/"]
    assert whole.plays == 20
    now = period.start + timedelta(days=10, hours=10)  # 10:00 in Vietnam on day 11: eleven 06:00 plays are past
    due = scheduled([row], {"/66/24169/": fleet}, period, until=now)["/66/24169/"]
    assert due.plays == len(occurrences(row, period, now)) == 11
