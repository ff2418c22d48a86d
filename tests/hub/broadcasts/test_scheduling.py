"""Scheduling plays through `hub.broadcasts.service` (the one implementation behind the API, the web
pages and `/lich`): the conflicts preview before saving, the one-click next window, the order of
items claiming the same moment, and approved normal bulletins that have no schedule."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from hub.accounts import service as accounts
from hub.broadcasts import service
from hub.broadcasts.model import Recurrence, Rules, ScheduleItem, parse_times
from hub.broadcasts.placement import Candidate, place, real
from hub.kit.errors import Forbidden, InvalidInput
from hub.kit.time import VN_TZ, utcnow
from tests.support.device_api import EA_KAO, bulletin

LONG_BODY = "Bà con lưu ý lịch tiêm chủng và vệ sinh môi trường trong thôn buôn. " * 14  # ≈ 80 s spoken


def _tomorrow() -> date:
    return (utcnow().astimezone(VN_TZ) + timedelta(days=1)).date()


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=VN_TZ).astimezone(UTC)


@pytest.fixture
def ward(client, login):
    return login("bientap.eakao"), login("duyet.eakao")


def test_the_preview_says_what_plays_and_saves_nothing_then_schedule_saves_and_audits(hub, ward, client, login):
    editor, approver = ward
    bid = bulletin(client, editor, approver, title="Thu gom rác thải sinh hoạt")
    day = _tomorrow()
    plays = service.Plays(Recurrence.DAILY, ["06:00", "17:00"], [], day, day + timedelta(days=2))
    with hub.database.uow() as uow:
        me = accounts.principal_for_user(uow, "bientap.eakao", "web")
        check = service.check_schedule(uow, me, EA_KAO, bid, plays, now=_at(day, 5))
        assert [p.planned for p in check.plays] == [_at(day + timedelta(days=d), h) for d in range(3) for h in (6, 17)]
        assert check.clashes == [] and not check.saved
        assert all(x.bulletin_id != bid for x in service.programme(uow, me, EA_KAO).schedules)
        saved = service.schedule(uow, me, EA_KAO, bid, plays, now=_at(day, 5))
        uow.commit()
    assert saved.saved and saved.item.id and saved.item.ends_on == day + timedelta(days=2)
    trail = client.get("/api/v1/audit", params={"entity_type": "bulletin"}, headers=login("admin", "admin-password-1"))
    assert any(r["action"] == "broadcast.schedule" and r["entity_id"] == str(bid) for r in trail.json())


def test_the_preview_names_only_the_conflicts_the_schedule_brings(hub, ward, client):
    editor, approver = ward
    first = bulletin(client, editor, approver, title="Họp dân về đường liên thôn", body=LONG_BODY)
    second = bulletin(client, editor, approver, title="Nạo vét kênh mương", body=LONG_BODY)
    day = _tomorrow()
    with hub.database.uow() as uow:
        me = accounts.principal_for_user(uow, "bientap.eakao", "web")
        once = service.Plays(Recurrence.ONCE, ["06:28"], [day.isoformat()])
        service.schedule(uow, me, EA_KAO, first, once, now=_at(day, 5))
        check = service.check_schedule(uow, me, EA_KAO, second, once, now=_at(day, 5))
        # the second waits for the first (a routine move, not a conflict) and then runs past 06:30: a conflict
        assert [c.code for c in check.clashes] == ["overflows_window"]
        assert "Nạo vét kênh mương" in check.clashes[0].detail and "06:30" in check.clashes[0].detail
        assert check.plays[0].start > _at(day, 6, 28) and check.plays[0].notes
        with pytest.raises(InvalidInput, match="giờ yên tĩnh"):
            late = service.Plays(Recurrence.ONCE, ["22:00"], [day.isoformat()])
            service.check_schedule(uow, me, EA_KAO, second, late)
        past = service.check_schedule(
            uow, me, EA_KAO, second, service.Plays(Recurrence.ONCE, ["06:00"], [(day - timedelta(days=3)).isoformat()])
        )
        assert [c.code for c in past.clashes] == ["never_plays"]


def test_one_click_schedules_the_next_window(hub, ward, client):
    editor, approver = ward
    bid = bulletin(client, editor, approver, title="Tiêm phòng dại cho chó mèo")
    day = _tomorrow()
    with hub.database.uow() as uow:
        me = accounts.principal_for_user(uow, "duyet.eakao", "web")
        windows = service.rules_for(uow, service.commune_of(uow, service.areas.get(uow, EA_KAO))).window_spans()
        after_first = windows[0].start.hour * 60 + windows[0].start.minute + 5
        now = _at(day, after_first // 60, after_first % 60)
        done = service.schedule_next_window(uow, me, EA_KAO, bid, now=now)
    assert done.item.recurrence == Recurrence.ONCE and done.item.days == [day.isoformat()]
    assert done.item.times == [windows[1].as_list()[0]] and done.plays[0].planned == _at(day, windows[1].start.hour)


def test_items_claiming_the_same_moment_play_in_the_communes_order(hub, ward, client):
    editor, approver = ward
    a = bulletin(client, editor, approver, title="Tin A")
    b = bulletin(client, editor, approver, title="Tin B")
    priority = bulletin(client, editor, approver, title="Tin ưu tiên", priority="priority")
    day = _tomorrow()
    with hub.database.uow() as uow:
        me = accounts.principal_for_user(uow, "bientap.eakao", "web")
        for bid in (a, b):
            service.schedule(uow, me, EA_KAO, bid, service.Plays(Recurrence.ONCE, ["06:00"], [day.isoformat()]))

        def order() -> list[int]:
            shown = service.preview(uow, me, EA_KAO, _at(day, 5), hours=2).plan.slots
            return [s.bulletin_id for s in shown if s.bulletin_id in (a, b)]

        assert order() == [a, b]
        service.set_play_order(uow, me, EA_KAO, [b, a])
        assert order() == [b, a]
        service.set_priority_order(uow, me, EA_KAO, [priority])  # the priority order keeps the play order
        assert order() == [b, a]
        with pytest.raises(InvalidInput):
            service.set_play_order(uow, me, EA_KAO, [a, a])
        operator = accounts.principal_for_user(uow, "vanhanh.eakao", "web")
        with pytest.raises(Forbidden):
            service.set_play_order(uow, operator, EA_KAO, [a, b])


def test_an_approved_normal_bulletin_without_schedule_is_named(hub, ward, client):
    editor, approver = ward
    bid = bulletin(client, editor, approver, title="Vệ sinh môi trường cuối tuần")
    with hub.database.uow() as uow:
        me = accounts.principal_for_user(uow, "bientap.eakao", "web")
        assert bid in [r.id for r in service.unscheduled(uow, me, EA_KAO, utcnow())]
        service.schedule(uow, me, EA_KAO, bid, service.Plays(Recurrence.DAILY, ["17:00"], []))
        assert bid not in [r.id for r in service.unscheduled(uow, me, EA_KAO, utcnow())]


def test_a_priority_bulletin_that_moves_a_normal_one_inside_its_window_is_not_a_real_conflict():
    day = _tomorrow()
    start = _at(day, 0)

    def candidate(bid: int, priority: str, schedules=()) -> Candidate:
        return Candidate(bid, 1, f"Tin {bid}", priority, "published", start - timedelta(days=1), None, None, 60_000,
                         False, tuple(schedules))  # fmt: skip

    item = ScheduleItem.create(1, 2, Recurrence.DAILY, ["06:00"], [], None, None, start, None)
    plan = place(Rules.default(1), [candidate(1, "priority"), candidate(2, "normal", [item])], _at(day, 5), _at(day, 7))
    assert [c.code for c in plan.conflicts] == ["moved"] and real(plan.conflicts) == []


def test_times_are_read_as_officials_type_them():
    assert parse_times("6:00, 17:00") == ["06:00", "17:00"]
    assert parse_times("6h 17h30;5g15") == ["06:00", "17:30", "05:15"]
    for bad in ("25:00", "6:75", "sáng", ""):
        with pytest.raises(InvalidInput):
            parse_times(bad)


def test_the_api_previews_a_schedule_and_plays_in_the_next_window(ward, client):
    editor, approver = ward
    first = bulletin(client, editor, approver, title="Họp dân về đường liên thôn", body=LONG_BODY)
    second = bulletin(client, editor, approver, title="Nạo vét kênh mương", body=LONG_BODY)
    day = _tomorrow()
    once = {"recurrence": "once", "times": ["06:28"], "days": [day.isoformat()]}
    made = client.post(f"/api/v1/broadcasts/{EA_KAO}/schedules", json={"bulletin_id": first, **once}, headers=editor)
    assert made.status_code == 201, made.text
    check = client.post(f"/api/v1/broadcasts/{EA_KAO}/schedules/check", json={"bulletin_id": second, **once},
                        headers=editor)  # fmt: skip
    assert check.status_code == 200, check.text
    body = check.json()
    assert body["saved"] is False and body["schedule"] is None and len(body["plays"]) == 1
    assert [c["code"] for c in body["conflicts"]] == ["overflows_window"]
    programme = client.get(f"/api/v1/broadcasts/{EA_KAO}", headers=editor).json()
    assert all(s["bulletin_id"] != second for s in programme["schedules"])
    nearest = client.post(f"/api/v1/broadcasts/{EA_KAO}/schedules/next-window", json={"bulletin_id": second},
                          headers=approver)  # fmt: skip
    assert nearest.status_code == 201, nearest.text
    assert nearest.json()["saved"] is True and nearest.json()["schedule"]["recurrence"] == "once"
    late = {**once, "bulletin_id": second, "times": ["22:00"]}
    refused = client.post(f"/api/v1/broadcasts/{EA_KAO}/schedules/check", json=late, headers=editor)
    assert refused.status_code == 422 and "giờ yên tĩnh" in refused.json()["detail"]
