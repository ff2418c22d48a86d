"""Programmes of a commune: its operating rules and its scheduled items.

Plain rules, no storage. `Rules` are what a commune sets once (broadcast windows, quiet hours,
maximum volume, what happens to an item an emergency interrupts, the order of its priority
bulletins); a `ScheduleItem` says when a bulletin plays (once, daily, weekly, monthly: the
source-system `KieuLich` 0–3). Placement is in `hub.broadcasts.placement`.

Times of day are local (Asia/Ho_Chi_Minh), as officials think of them; placement turns them into
UTC instants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from itertools import pairwise

from hub.kit.errors import InvalidInput
from hub.kit.ids import ASSIGNED_ON_FLUSH

TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,6})?)?$")
MAX_TIMES = 24
MAX_DAYS = 62


class Recurrence(StrEnum):
    ONCE = "once"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


# KieuLich of the source-system format.
KIEU_LICH = {Recurrence.ONCE: 0, Recurrence.DAILY: 1, Recurrence.WEEKLY: 2, Recurrence.MONTHLY: 3}
RECURRENCE_LABELS = {
    Recurrence.ONCE: "Một lần",
    Recurrence.DAILY: "Hằng ngày",
    Recurrence.WEEKLY: "Hằng tuần",
    Recurrence.MONTHLY: "Hằng tháng",
}


class InterruptPolicy(StrEnum):
    RESUME = "resume"
    SKIP = "skip"


def parse_time(value: str, field_name: str = "times") -> time:
    """ "06:00", "06:00:00" or the source system's "06:00:00.000000"."""
    match = TIME_RE.match(value.strip())
    if not match:
        raise InvalidInput(
            f"Giờ “{value}” không hợp lệ; hãy viết dạng HH:MM, ví dụ 06:00.", code="time_invalid", field=field_name
        )
    return time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))


LOOSE_TIME_RE = re.compile(r"^(\d{1,2})(?:[:hg](\d{2})?)?$")
TIMES_SPLIT = re.compile(r"[\s,;]+")


def parse_times(text: str, field_name: str = "times") -> list[str]:
    """Times as officials type them: "6:00, 17:00", "6h 17h30", "06:00;17:00" → ["06:00", "17:00", …]."""
    out: list[str] = []
    for word in TIMES_SPLIT.split(text.strip().lower()):
        if not word:
            continue
        match = LOOSE_TIME_RE.match(word)
        hour, minute = (int(match.group(1)), int(match.group(2) or 0)) if match else (99, 0)
        if hour > 23 or minute > 59:
            raise InvalidInput(
                f"Giờ “{word}” không hợp lệ; hãy viết dạng giờ:phút, ví dụ 6:00 hoặc 17:30.",
                code="time_invalid",
                field=field_name,
            )
        out.append(f"{hour:02d}:{minute:02d}")
    if not out:
        raise InvalidInput("Cần ghi ít nhất một giờ phát, ví dụ 6:00, 17:00.", code="times_required", field=field_name)
    return out


def format_time(value: time) -> str:
    return value.strftime("%H:%M") if value.second == 0 else value.strftime("%H:%M:%S")


@dataclass(frozen=True)
class Span:
    """A span of local time of day; `end` before `start` wraps past midnight (quiet hours 21:30–05:30)."""

    start: time
    end: time

    @classmethod
    def parse(cls, pair: list[str] | tuple[str, str], field_name: str) -> Span:
        if len(pair) != 2:
            raise InvalidInput("Mỗi khung giờ gồm giờ bắt đầu và giờ kết thúc.", code="span_invalid", field=field_name)
        span = cls(parse_time(pair[0], field_name), parse_time(pair[1], field_name))
        if span.start == span.end:
            raise InvalidInput("Giờ kết thúc phải khác giờ bắt đầu.", code="span_empty", field=field_name)
        return span

    def contains(self, moment: time) -> bool:
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def label(self) -> str:
        return f"{format_time(self.start)}–{format_time(self.end)}"

    def as_list(self) -> list[str]:
        return [format_time(self.start), format_time(self.end)]


DEFAULT_WINDOWS = (Span(time(6, 0), time(6, 30)), Span(time(17, 0), time(17, 30)))
DEFAULT_QUIET = (Span(time(21, 30), time(5, 30)),)


@dataclass(eq=False)
class Rules:
    """A commune's operating rules (quy chế hoạt động của đài truyền thanh)."""

    area_id: int
    windows: list[list[str]]
    quiet: list[list[str]]
    max_volume: int = 80
    interrupt_policy: InterruptPolicy = InterruptPolicy.RESUME
    priority_order: list[int] = field(default_factory=list)
    updated_at: datetime | None = None
    updated_by_id: int | None = None
    id: int = ASSIGNED_ON_FLUSH

    @classmethod
    def default(cls, area_id: int) -> Rules:
        return cls(area_id, [s.as_list() for s in DEFAULT_WINDOWS], [s.as_list() for s in DEFAULT_QUIET])

    def window_spans(self) -> list[Span]:
        return [Span.parse(w, "windows") for w in self.windows]

    def quiet_spans(self) -> list[Span]:
        return [Span.parse(q, "quiet") for q in self.quiet]

    def in_quiet(self, moment: time) -> bool:
        return any(span.contains(moment) for span in self.quiet_spans())

    def change(
        self,
        windows: list[list[str]],
        quiet: list[list[str]],
        max_volume: int,
        interrupt_policy: InterruptPolicy,
        now: datetime,
        user_id: int | None,
    ) -> None:
        window_spans = [Span.parse(w, "windows") for w in windows]
        quiet_spans = [Span.parse(q, "quiet") for q in quiet]
        for w in window_spans:
            if w.start > w.end:
                raise InvalidInput(
                    f"Khung giờ phát {w.label()} không được qua nửa đêm.", code="window_wraps", field="windows"
                )
            clash = [q for q in quiet_spans if q.contains(w.start) or q.contains(_before(w.end))]
            if clash:
                raise InvalidInput(
                    f"Khung giờ phát {w.label()} trùng giờ yên tĩnh {clash[0].label()}.",
                    code="window_in_quiet_hours",
                    field="windows",
                )
        ordered = sorted(window_spans, key=lambda s: s.start)
        for a, b in pairwise(ordered):
            if b.start < a.end:
                raise InvalidInput(
                    f"Hai khung giờ phát {a.label()} và {b.label()} chồng lên nhau.",
                    code="windows_overlap",
                    field="windows",
                )
        if not 0 <= max_volume <= 100:
            raise InvalidInput("Âm lượng tối đa phải từ 0 đến 100.", code="volume_invalid", field="max_volume")
        self.windows = [s.as_list() for s in ordered]
        self.quiet = [s.as_list() for s in quiet_spans]
        self.max_volume = max_volume
        self.interrupt_policy = interrupt_policy
        self.updated_at, self.updated_by_id = now, user_id


def _before(moment: time) -> time:
    """The last second before `moment` (a window 17:00–21:30 does not touch quiet hours from 21:30)."""
    seconds = (moment.hour * 3600 + moment.minute * 60 + moment.second - 1) % 86400
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60)


@dataclass(eq=False)
class ScheduleItem:
    """When one bulletin plays in one commune."""

    area_id: int
    bulletin_id: int
    recurrence: Recurrence
    times: list[str]
    days: list[str]
    starts_on: date | None
    ends_on: date | None
    created_at: datetime
    created_by_id: int | None = None
    id: int = ASSIGNED_ON_FLUSH

    @classmethod
    def create(
        cls,
        area_id: int,
        bulletin_id: int,
        recurrence: Recurrence,
        times: list[str],
        days: list[str],
        starts_on: date | None,
        ends_on: date | None,
        now: datetime,
        user_id: int | None,
    ) -> ScheduleItem:
        if not times or len(times) > MAX_TIMES:
            raise InvalidInput(f"Cần từ 1 đến {MAX_TIMES} giờ phát.", code="times_required", field="times")
        parsed = sorted({parse_time(t) for t in times})
        if len(days) > MAX_DAYS:
            raise InvalidInput("Quá nhiều ngày phát.", code="days_too_many", field="days")
        clean_days = _check_days(recurrence, days)
        if starts_on and ends_on and ends_on < starts_on:
            raise InvalidInput("Ngày kết thúc phải sau ngày bắt đầu.", code="window_invalid", field="ends_on")
        return cls(
            area_id=area_id,
            bulletin_id=bulletin_id,
            recurrence=recurrence,
            times=[format_time(t) for t in parsed],
            days=clean_days,
            starts_on=starts_on,
            ends_on=ends_on,
            created_at=now,
            created_by_id=user_id,
        )

    def time_list(self) -> list[time]:
        return [parse_time(t) for t in self.times]

    def plays_on(self, day: date) -> bool:
        if self.starts_on and day < self.starts_on:
            return False
        if self.ends_on and day > self.ends_on:
            return False
        if self.recurrence == Recurrence.ONCE:
            return day.isoformat() in self.days
        if self.recurrence == Recurrence.DAILY:
            return True
        if self.recurrence == Recurrence.WEEKLY:
            return str(day.isoweekday()) in self.days
        return str(day.day) in self.days


def _check_days(recurrence: Recurrence, days: list[str]) -> list[str]:
    days = [str(d).strip() for d in days]
    if recurrence == Recurrence.DAILY:
        return []
    if not days:
        raise InvalidInput("Cần chọn ngày phát.", code="days_required", field="days")
    if recurrence == Recurrence.ONCE:
        try:
            return sorted({date.fromisoformat(d).isoformat() for d in days})
        except ValueError as exc:
            raise InvalidInput(
                "Ngày phát phải có dạng YYYY-MM-DD, ví dụ 2026-12-01.", code="day_invalid", field="days"
            ) from exc
    low, high, what = (1, 7, "thứ trong tuần (1 = thứ Hai … 7 = Chủ nhật)")
    if recurrence == Recurrence.MONTHLY:
        low, high, what = (1, 31, "ngày trong tháng (1–31)")
    if not all(d.isdigit() and low <= int(d) <= high for d in days):
        raise InvalidInput(f"Ngày phát phải là {what}.", code="day_invalid", field="days")
    return [str(d) for d in sorted({int(d) for d in days})]
