"""Working days: deadlines count neither weekends nor Vietnamese public holidays.

The fixed holidays (1/1, 30/4, 1/5, 2/9) are built in; Tết, Giỗ Tổ Hùng Vương and the day next to
2/9 move every year and come from `TTCS_FEEDBACK_HOLIDAYS`. A deadline falls at the end of its
working day, Vietnam time; the day the feedback arrives does not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from hub.kit.errors import ConfigurationError
from hub.kit.time import VN_TZ, as_utc, local

FIXED_HOLIDAYS = ((1, 1), (4, 30), (5, 1), (9, 2))


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: frozenset[date] = frozenset()
    weekend: frozenset[int] = frozenset({6, 7})

    @classmethod
    def parse(cls, holidays: str, weekend: str) -> WorkingCalendar:
        try:
            days = frozenset(date.fromisoformat(d.strip()) for d in holidays.split(",") if d.strip())
        except ValueError as exc:
            raise ConfigurationError(f"TTCS_FEEDBACK_HOLIDAYS must be ISO dates (2026-02-16,…): {exc}") from exc
        try:
            off = frozenset(int(d) for d in weekend.split(",") if d.strip())
        except ValueError as exc:
            raise ConfigurationError("TTCS_FEEDBACK_WEEKEND_DAYS must be weekday numbers 1–7 (6,7)") from exc
        if not off <= set(range(1, 8)) or len(off) == 7:
            raise ConfigurationError("TTCS_FEEDBACK_WEEKEND_DAYS must be weekday numbers 1–7, not all of them")
        return cls(days, off)

    def is_working_day(self, day: date) -> bool:
        return (
            day.isoweekday() not in self.weekend
            and (day.month, day.day) not in FIXED_HOLIDAYS
            and day not in self.holidays
        )

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (which itself does not count)."""
        day = start
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def deadline(self, received: datetime, days: int) -> datetime:
        """End of the `days`-th working day after the day of receipt, Vietnam time, as UTC."""
        last = self.add_working_days(local(received).date(), days)
        return as_utc(datetime.combine(last, time(23, 59, 59), tzinfo=VN_TZ))
