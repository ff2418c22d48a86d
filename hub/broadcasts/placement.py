"""Placement: which bulletin plays when on a commune's loudspeakers, and what is wrong with the plan.

The rules, in order (Circular 39/2020: three priorities):

1. An **emergency** plays at once when published, interrupting whatever plays, at any hour (quiet
   hours do not apply). While live it also opens every broadcast window.
2. A **priority** bulletin plays first in every broadcast window while it is live, after the
   emergencies. When several collide the commune's order decides (`Rules.priority_order`); without
   one they play in order of approval and the plan shows a conflict asking the commune to order
   them. A priority bulletin the commune scheduled itself plays at its scheduled times instead.
3. A **normal** bulletin plays only when the commune schedules it (`ScheduleItem`).

Items play one after another: an item whose time is taken starts when the one before ends (and the
plan says it was moved). A scheduled time in quiet hours does not play; one outside the broadcast
windows plays with a warning; one that runs past the end of its window plays with a warning.

Each play has a stable id built from its bulletin, revision and *planned* time, so a device that
played it does not play it again when the plan moves it by a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from hub.broadcasts.model import Rules, ScheduleItem, Span
from hub.bulletins.model import interrupts, is_live
from hub.kit import formats
from hub.kit.time import VN_TZ, local


@dataclass(frozen=True)
class Candidate:
    """A bulletin that may play in the area, with the commune's schedule for it."""

    bulletin_id: int
    revision: int
    title: str
    priority: str
    status: str
    valid_from: datetime
    valid_until: datetime | None
    published_at: datetime | None
    duration_ms: int
    estimated: bool
    schedules: tuple[ScheduleItem, ...] = ()

    def live_at(self, moment: datetime) -> bool:
        return (
            is_live(self.status)
            and self.valid_from <= moment
            and (self.valid_until is None or moment < self.valid_until)
        )


@dataclass(frozen=True)
class Slot:
    item_id: str
    bulletin_id: int
    revision: int
    title: str
    priority: str
    start: datetime
    planned: datetime
    duration_ms: int
    interrupt: bool
    reason: str  # emergency | window | schedule
    window: str | None
    notes: tuple[str, ...] = ()

    @property
    def end(self) -> datetime:
        return self.start + timedelta(milliseconds=self.duration_ms)


@dataclass(frozen=True)
class Conflict:
    at: datetime
    severity: str  # error: does not play; warning: plays, but look
    code: str
    detail: str
    bulletin_ids: tuple[int, ...]


@dataclass
class Plan:
    slots: list[Slot] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass(frozen=True)
class _Request:
    candidate: Candidate
    planned: datetime
    rank: int
    reason: str
    window: Span | None
    window_end: datetime | None


def item_id(bulletin_id: int, revision: int, planned: datetime, emergency: bool = False) -> str:
    stamp = planned.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"b{bulletin_id}r{revision}{'!' if emergency else '@'}{stamp}"


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=VN_TZ).astimezone(UTC)


def _hhmm(moment: datetime) -> str:
    return local(moment).strftime("%H:%M %d/%m")


def place(rules: Rules, candidates: list[Candidate], start: datetime, end: datetime) -> Plan:
    plan = Plan()
    windows = rules.window_spans()
    order = {bid: i for i, bid in enumerate(rules.priority_order)}
    requests: list[_Request] = []
    first_day = local(start).date() - timedelta(days=1)
    days = [first_day + timedelta(days=i) for i in range((local(end).date() - first_day).days + 1)]

    for c in candidates:
        if interrupts(c.priority, c.status):
            planned = c.published_at or c.valid_from
            plan.slots.append(
                Slot(
                    item_id(c.bulletin_id, c.revision, planned, emergency=True),
                    c.bulletin_id,
                    c.revision,
                    c.title,
                    c.priority,
                    planned,
                    planned,
                    c.duration_ms,
                    True,
                    "emergency",
                    None,
                )
            )

    for day in days:
        for span in windows:
            opens, closes = _at(day, span.start), _at(day, span.end)
            emergencies = [c for c in candidates if c.priority == "emergency" and c.live_at(opens)]
            priorities = [c for c in candidates if c.priority == "priority" and not c.schedules and c.live_at(opens)]
            emergencies.sort(key=lambda c: (c.published_at or c.valid_from, c.bulletin_id))
            priorities.sort(key=lambda c: (order.get(c.bulletin_id, len(order)), c.published_at or c.valid_from))
            unordered = [c for c in priorities if c.bulletin_id not in order]
            if len(priorities) > 1 and unordered:
                names = "; ".join(f"“{c.title}” (số {c.bulletin_id})" for c in priorities)
                plan.conflicts.append(
                    Conflict(
                        opens,
                        "warning",
                        "priority_order_needed",
                        f"{len(priorities)} tin ưu tiên cùng phát đầu khung giờ {span.label()} ngày "
                        f"{local(opens):%d/%m}: {names}. Xã chưa sắp thứ tự nên đang phát theo thời điểm duyệt.",
                        tuple(c.bulletin_id for c in priorities),
                    )
                )
            for rank, c in enumerate([*emergencies, *priorities]):
                requests.append(_Request(c, opens, rank, "window", span, closes))

    for c in candidates:
        for schedule in c.schedules:
            for day in days:
                if not schedule.plays_on(day):
                    continue
                for moment in schedule.time_list():
                    planned = _at(day, moment)
                    if not c.live_at(planned):
                        continue
                    if rules.in_quiet(moment) and c.priority != "emergency":
                        plan.conflicts.append(
                            Conflict(
                                planned,
                                "error",
                                "quiet_hours",
                                f"“{c.title}” được xếp lúc {_hhmm(planned)}, trong giờ yên tĩnh: không phát.",
                                (c.bulletin_id,),
                            )
                        )
                        continue
                    within = next((w for w in windows if w.contains(moment)), None)
                    ends = _at(day, within.end) if within else None
                    rank = 50 if c.priority != "normal" else 100
                    requests.append(_Request(c, planned, rank, "schedule", within, ends))
                    if within is None and windows:
                        plan.conflicts.append(
                            Conflict(
                                planned,
                                "warning",
                                "outside_window",
                                f"“{c.title}” phát lúc {_hhmm(planned)}, ngoài các khung giờ phát của xã "
                                f"({', '.join(w.label() for w in windows)}).",
                                (c.bulletin_id,),
                            )
                        )

    # Items claiming the same moment play by priority, then in the commune's order (`Rules.priority_order`,
    # which the officials set by dragging or with the up/down buttons), then by bulletin number.
    requests.sort(
        key=lambda r: (r.planned, r.rank, order.get(r.candidate.bulletin_id, len(order)), r.candidate.bulletin_id)
    )
    cursor: datetime | None = None
    previous: Slot | None = None
    for r in requests:
        c = r.candidate
        begin = r.planned if cursor is None or cursor <= r.planned else cursor
        notes: list[str] = []
        if begin > r.planned and previous is not None:
            late = int((begin - r.planned).total_seconds())
            notes.append(f"lùi {formats.duration(late)} sau “{previous.title}”")
            plan.conflicts.append(
                Conflict(
                    r.planned,
                    "warning",
                    "moved",
                    f"“{c.title}” xếp lúc {_hhmm(r.planned)} trùng với “{previous.title}”: phát lùi lại "
                    f"{late // 60} phút {late % 60} giây.",
                    (c.bulletin_id, previous.bulletin_id),
                )
            )
        slot = Slot(
            item_id(c.bulletin_id, c.revision, r.planned),
            c.bulletin_id,
            c.revision,
            c.title,
            c.priority,
            begin,
            r.planned,
            c.duration_ms,
            False,
            r.reason,
            r.window.label() if r.window else None,
            tuple(notes),
        )
        if r.window is not None and r.window_end is not None and slot.end > r.window_end:
            plan.conflicts.append(
                Conflict(
                    r.planned,
                    "warning",
                    "overflows_window",
                    f"“{c.title}” kết thúc lúc {_hhmm(slot.end)}, quá giờ đóng khung {r.window.label()}"
                    f"{' (thời lượng ước tính, chưa có âm thanh)' if c.estimated else ''}.",
                    (c.bulletin_id,),
                )
            )
        plan.slots.append(slot)
        previous, cursor = slot, slot.end

    plan.slots = sorted((s for s in plan.slots if s.end > start and s.start < end), key=lambda s: (s.start, s.item_id))
    plan.conflicts = sorted((x for x in plan.conflicts if start <= x.at < end), key=lambda x: (x.at, x.code))
    return plan


# A moved item that still fits its window is how a window works (a priority bulletin goes first, the
# next item waits for it), not a conflict; what is wrong is an item that cannot play as the commune
# asked: past the window's end, in quiet hours, outside the windows, not approved, or in no order.
ROUTINE = frozenset({"moved"})


def is_real(conflict: Conflict) -> bool:
    """Whether a conflict asks an official to act (see ROUTINE)."""
    return conflict.code not in ROUTINE


def real(conflicts: list[Conflict]) -> list[Conflict]:
    return [c for c in conflicts if is_real(c)]


def estimate_ms(text: str) -> int:
    """Spoken length of a text not rendered yet: about 13 characters a second, plus the chimes."""
    return max(10_000, int(len(text) / 13 * 1000) + 4_000)
