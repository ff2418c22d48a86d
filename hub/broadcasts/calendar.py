"""A commune's week as officials read it: seven days (Monday first, Vietnam time), each with its
broadcast windows and the plays placed in it, and the conflicts of the preview shown where they
happen. Built from `service.preview` — the same placement the devices receive — so what the
calendar shows is what will play.

Only real conflicts are shown as conflicts (`placement.real`): an item a priority bulletin pushes
back within its window is how windows work and shows as a note on the item; the page's legend says
once how priorities behave.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from hub.broadcasts.placement import Conflict, Slot, real
from hub.broadcasts.service import Preview
from hub.kit.time import VN_TZ, local

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


# How priorities behave, said once on the week page instead of a conflict on every moved item.
LEGEND = (
    ("emergency", "Khẩn cấp", "phát ngay khi phát hành, ngắt mọi chương trình, kể cả trong giờ yên tĩnh."),
    ("priority", "Ưu tiên", "tự phát đầu mỗi khung giờ khi còn hiệu lực; tin xếp lịch cùng khung phát lùi sau."),
    ("normal", "Thường", "chỉ phát khi xã xếp lịch; trùng giờ thì phát lần lượt theo thứ tự xã sắp."),
)


@dataclass(frozen=True)
class Entry:
    """One line of a day: a broadcast window, a play, or a scheduled time that will not play."""

    at: str  # "06:00", local
    kind: str  # window | play | refused
    text: str
    priority: str = "normal"
    bulletin_id: int | None = None
    conflicts: tuple[Conflict, ...] = ()
    notes: tuple[str, ...] = ()
    planned: datetime | None = None  # a play: when it was asked for (plays asked for the same moment share it)
    order: tuple[int, ...] = ()  # a play sharing its moment with others: their bulletins, in play order

    @property
    def severity(self) -> str:
        """error (does not play) above warning (plays, but look) above nothing."""
        found = {c.severity for c in self.conflicts}
        return "error" if "error" in found else ("warning" if found else "")


@dataclass
class Day:
    day: date
    label: str
    today: bool
    entries: list[Entry] = field(default_factory=list)

    @property
    def conflicts(self) -> int:
        return sum(1 for e in self.entries if e.conflicts)


@dataclass(frozen=True)
class Clash:
    """The same conflict repeated over the week (two priority bulletins collide in every window):
    said once, with how often and when first."""

    code: str
    severity: str
    detail: str  # of the first time
    times: int


@dataclass(frozen=True)
class Week:
    monday: date
    days: list[Day]
    conflicts: list[Conflict]  # every conflict of the week, in time order
    previous: date
    next: date

    @property
    def clashes(self) -> list[Clash]:
        grouped: dict[tuple[str, tuple[int, ...]], list[Conflict]] = {}
        for c in self.conflicts:
            grouped.setdefault((c.code, tuple(sorted(c.bulletin_ids))), []).append(c)
        return [Clash(k[0], found[0].severity, found[0].detail, len(found)) for k, found in grouped.items()]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_start(monday: date) -> datetime:
    """Monday 00:00 in Vietnam, the instant the preview starts from."""
    return datetime.combine(monday, time(0), tzinfo=VN_TZ)


def build(preview: Preview, monday: date, today: date) -> Week:
    days = [
        Day(
            monday + timedelta(days=i),
            f"{WEEKDAYS[i]} {monday + timedelta(days=i):%d/%m}",
            monday + timedelta(days=i) == today,
        )
        for i in range(7)
    ]
    by_date = {d.day: d for d in days}
    conflicts = real(preview.plan.conflicts)
    timed: dict[date, list[tuple[datetime, int, Entry]]] = {d.day: [] for d in days}
    for day in days:
        for span in preview.rules.window_spans():
            opens = datetime.combine(day.day, span.start, tzinfo=VN_TZ)
            text = f"Khung giờ phát {span.label()}"
            timed[day.day].append((opens, 0, Entry(f"{span.start:%H:%M}", "window", text)))
    played: set[tuple[datetime, int]] = set()
    together: dict[tuple[datetime, str], list[int]] = {}
    for slot in preview.plan.slots:
        if not slot.interrupt:
            together.setdefault((slot.planned, slot.priority), []).append(slot.bulletin_id)
    for slot in preview.plan.slots:
        start = local(slot.start)
        if start.date() not in by_date:
            continue
        mine = tuple(c for c in conflicts if _concerns(c, slot))
        played.add((slot.planned, slot.bulletin_id))
        entry = Entry(
            f"{start:%H:%M}",
            "play",
            slot.title,
            slot.priority,
            slot.bulletin_id,
            mine,
            slot.notes,
            slot.planned,
            tuple(group) if len(group := together.get((slot.planned, slot.priority), [])) > 1 else (),
        )
        timed[start.date()].append((start, 1, entry))
    for c in conflicts:  # what will not play at all (quiet hours) still shows on its day
        at = local(c.at)
        if c.severity != "error" or at.date() not in by_date or c.code == "bulletin_not_live":
            continue
        if any((c.at, bid) in played for bid in c.bulletin_ids):
            continue
        timed[at.date()].append((at, 2, Entry(f"{at:%H:%M}", "refused", c.detail, conflicts=(c,))))
    for day in days:
        day.entries = [e for _, _, e in sorted(timed[day.day], key=lambda x: (x[0], x[1]))]
    return Week(monday, days, conflicts, monday - timedelta(days=7), monday + timedelta(days=7))


def _concerns(conflict: Conflict, slot: Slot) -> bool:
    """A conflict is shown on the plays it is about: for "moved", the one moved, not the one before."""
    about = conflict.bulletin_ids[:1] if conflict.code == "moved" else conflict.bulletin_ids
    return conflict.at == slot.planned and slot.bulletin_id in about


def moved(order: tuple[int, ...], bulletin_id: int, step: int) -> tuple[int, ...] | None:
    """The order after moving `bulletin_id` one place up (step -1) or down (+1); None at the edge."""
    at = order.index(bulletin_id)
    to = at + step
    if not 0 <= to < len(order):
        return None
    out = list(order)
    out[at], out[to] = out[to], out[at]
    return tuple(out)
