"""Programmes: operating rules, scheduled items, priority order, and the preview with conflicts —
as a commune's officials use them, and the placement rules on their own."""

from datetime import UTC, date, datetime, time, timedelta

from hub.broadcasts.model import Recurrence, Rules, ScheduleItem
from hub.broadcasts.placement import Candidate, place
from hub.kit.time import VN_TZ
from tests.support.device_api import CU_MGAR, EA_KAO, bulletin

DAY = date(2027, 3, 3)  # a Wednesday


def _at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=VN_TZ).astimezone(UTC)


def _candidate(bid: int, priority: str = "normal", schedules=(), duration_ms: int = 60_000, **extra) -> Candidate:
    values = {
        "bulletin_id": bid,
        "revision": 1,
        "title": f"Tin {bid}",
        "priority": priority,
        "status": "published",
        "valid_from": _at(0, 0, DAY - timedelta(days=2)),
        "valid_until": None,
        "published_at": None,
        "duration_ms": duration_ms,
        "estimated": False,
        "schedules": tuple(schedules),
    }
    values.update(extra)
    return Candidate(**values)


def _schedule(bid: int, times: list[str], recurrence=Recurrence.DAILY, days=()) -> ScheduleItem:
    return ScheduleItem.create(1, bid, recurrence, times, list(days), None, None, _at(0), None)


def test_priority_first_in_each_window_then_the_communes_schedule_in_order():
    rules = Rules.default(1)
    plan = place(
        rules,
        [
            _candidate(1, "priority"),
            _candidate(2, schedules=[_schedule(2, ["06:00"])]),
            _candidate(3, schedules=[_schedule(3, ["06:00"], Recurrence.WEEKLY, ["1"])]),
        ],  # Mondays only
        _at(5),
        _at(7),
    )
    assert [(s.bulletin_id, s.start) for s in plan.slots] == [(1, _at(6)), (2, _at(6) + timedelta(minutes=1))]
    assert [c.code for c in plan.conflicts] == ["moved"]  # the ward's 06:00 item waits for the priority one


def test_an_emergency_interrupts_at_once_even_in_quiet_hours_and_opens_the_next_window():
    published = _at(23, 10, DAY - timedelta(days=1))
    plan = place(Rules.default(1), [_candidate(9, "emergency", published_at=published)], _at(0), _at(7))
    emergency = [s for s in plan.slots if s.interrupt]
    assert emergency == [] or emergency[0].start == published
    plan = place(Rules.default(1), [_candidate(9, "emergency", published_at=published)], published, _at(7))
    assert [(s.start, s.interrupt) for s in plan.slots] == [(published, True), (_at(6), False)]


def test_quiet_hours_and_windows_and_colliding_priorities_are_conflicts():
    rules = Rules.default(1)
    items = [
        _candidate(1, "priority"),
        _candidate(2, "priority"),
        _candidate(3, schedules=[_schedule(3, ["22:00", "12:00"])]),
        _candidate(4, schedules=[_schedule(4, ["06:29"])], duration_ms=120_000),
    ]
    plan = place(rules, items, _at(0), _at(23, 59))
    codes = {(c.code, c.bulletin_ids[0]) for c in plan.conflicts}
    assert ("priority_order_needed", 1) in codes
    assert ("quiet_hours", 3) in codes and ("outside_window", 3) in codes
    assert ("overflows_window", 4) in codes
    assert _at(22) not in [s.start for s in plan.slots if s.bulletin_id == 3]  # not played in quiet hours
    rules.priority_order = [2, 1]
    ordered = place(rules, items, _at(5), _at(7))
    assert [s.bulletin_id for s in ordered.slots][:2] == [2, 1]
    assert "priority_order_needed" not in {c.code for c in ordered.conflicts}


def test_officials_set_rules_schedule_bulletins_and_preview_the_plan(client, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    operator = login("vanhanh.eakao")
    bad = client.put(
        f"/api/v1/broadcasts/{EA_KAO}/rules",
        json={"windows": [["21:00", "22:00"]], "quiet": [["21:30", "05:30"]]},
        headers=operator,
    )
    assert bad.status_code == 422 and "giờ yên tĩnh" in bad.json()["detail"]
    assert (
        client.put(
            f"/api/v1/broadcasts/{EA_KAO}/rules", json={"windows": [["06:00", "06:30"]]}, headers=editor
        ).status_code
        == 403
    )
    rules = client.put(
        f"/api/v1/broadcasts/{EA_KAO}/rules",
        json={
            "windows": [["06:00", "06:30"], ["17:00", "17:30"]],
            "quiet": [["22:00", "05:00"]],
            "max_volume": 75,
            "interrupt_policy": "skip",
        },
        headers=operator,
    )
    assert rules.status_code == 200 and rules.json()["max_volume"] == 75

    bid = bulletin(client, editor, approver, title="Lịch thu gom rác mới")
    quiet = client.post(
        f"/api/v1/broadcasts/{EA_KAO}/schedules",
        json={"bulletin_id": bid, "recurrence": "daily", "times": ["23:00"]},
        headers=editor,
    )
    assert quiet.status_code == 422 and "yên tĩnh" in quiet.json()["detail"]
    wrong_days = client.post(
        f"/api/v1/broadcasts/{EA_KAO}/schedules",
        json={"bulletin_id": bid, "recurrence": "weekly", "times": ["06:05"], "days": ["9"]},
        headers=editor,
    )
    assert wrong_days.status_code == 422
    other = client.post(
        f"/api/v1/broadcasts/{CU_MGAR}/schedules",
        json={"bulletin_id": bid, "recurrence": "daily", "times": ["06:05"]},
        headers=editor,
    )
    assert other.status_code == 403
    made = client.post(
        f"/api/v1/broadcasts/{EA_KAO}/schedules",
        json={"bulletin_id": bid, "recurrence": "daily", "times": ["06:05:00.000000"]},
        headers=editor,
    )
    assert made.status_code == 201 and made.json()["kieu_lich"] == 1 and made.json()["times"] == ["06:05"]

    tomorrow = (datetime.now(VN_TZ) + timedelta(days=1)).date()
    preview = client.get(
        f"/api/v1/broadcasts/{EA_KAO}/preview", params={"at": f"{tomorrow}T05:30:00", "hours": 2}, headers=editor
    )
    assert preview.status_code == 200
    plays = {(s["bulletin_id"], s["start_local"][:5]) for s in preview.json()["loudspeakers"]}
    assert (bid, "06:05") in plays
    assert any(s["priority"] == "priority" and s["start_local"][:5] == "06:00" for s in preview.json()["loudspeakers"])
    assert bid in [b["bulletin_id"] for b in preview.json()["eboard"]]

    programme = client.get(f"/api/v1/broadcasts/{EA_KAO}", headers=editor).json()
    assert programme["rules"]["interrupt_policy"] == "skip"
    assert "Lịch thu gom rác mới" in [s["bulletin_title"] for s in programme["schedules"]]
    client.post(f"/api/v1/bulletins/{bid}/withdraw", json={"reason": "Đổi lịch"}, headers=approver)
    after = client.get(
        f"/api/v1/broadcasts/{EA_KAO}/preview", params={"at": f"{tomorrow}T05:30:00", "hours": 2}, headers=editor
    ).json()
    assert bid not in [s["bulletin_id"] for s in after["loudspeakers"]]
    assert "bulletin_not_live" in [c["code"] for c in after["conflicts"]]


def test_the_commune_orders_colliding_priority_bulletins(client, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    first = bulletin(client, editor, approver, title="Tiêm phòng dại cho chó mèo", priority="priority")
    tomorrow = (datetime.now(VN_TZ) + timedelta(days=1)).date()
    params = {"at": f"{tomorrow}T05:30:00", "hours": 1.5}
    conflicts = client.get(f"/api/v1/broadcasts/{EA_KAO}/preview", params=params, headers=editor).json()["conflicts"]
    assert "priority_order_needed" in [c["code"] for c in conflicts]
    demo_priority = next(
        c["bulletin_ids"] for c in conflicts if c["code"] == "priority_order_needed"
    )  # the demo's dengue bulletin and ours
    order = [first, *[b for b in demo_priority if b != first]]
    assert (
        client.put(
            f"/api/v1/broadcasts/{EA_KAO}/priority-order", json={"bulletin_ids": order}, headers=editor
        ).status_code
        == 200
    )
    preview = client.get(f"/api/v1/broadcasts/{EA_KAO}/preview", params=params, headers=editor).json()
    assert [s["bulletin_id"] for s in preview["loudspeakers"]][: len(order)] == order
    assert "priority_order_needed" not in [c["code"] for c in preview["conflicts"]]
