"""Working days: deadlines count neither weekends nor Vietnamese public holidays.

The public holidays are rows of the database (`public_holiday`, shipped by migration 0011 for the years
the project knows and corrected by the province's admin on `/quan-tri/ngay-nghi-le`, see
`hub.feedback.deadlines.holidays`): the government decides every year which days Tết and the day next to 2/9
take, so no rule in the code could know them. A year without any row is an unknown year: its deadlines
count only the weekend, and the admin is warned. A deadline falls at the end of its working day, Vietnam
time; the day the feedback arrives does not count.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from hub.kit.errors import ConfigurationError
from hub.kit.time import VN_TZ, as_utc, local

log = logging.getLogger(__name__)


def unknown_year_warning(year: int) -> str:
    """What the admin reads when deadlines run into a year whose holidays nobody entered."""
    return f"Chưa có lịch nghỉ lễ năm {year}; hạn xử lý được tính chỉ theo thứ Bảy, Chủ nhật."


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: frozenset[date] = frozenset()
    weekend: frozenset[int] = frozenset({6, 7})
    known_years: frozenset[int] = frozenset()  # years with at least one holiday entered

    @classmethod
    def parse(cls, weekend: str) -> WorkingCalendar:
        try:
            off = frozenset(int(d) for d in weekend.split(",") if d.strip())
        except ValueError as exc:
            raise ConfigurationError("TTCS_FEEDBACK_WEEKEND_DAYS must be weekday numbers 1–7 (6,7)") from exc
        if not off <= set(range(1, 8)) or len(off) == 7:
            raise ConfigurationError("TTCS_FEEDBACK_WEEKEND_DAYS must be weekday numbers 1–7, not all of them")
        return cls(weekend=off)

    def with_holidays(self, days: frozenset[date]) -> WorkingCalendar:
        return replace(self, holidays=days, known_years=frozenset(d.year for d in days))

    @property
    def last_known_year(self) -> int | None:
        return max(self.known_years) if self.known_years else None

    def is_working_day(self, day: date) -> bool:
        return day.isoweekday() not in self.weekend and day not in self.holidays

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (which itself does not count)."""
        day = start
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def unknown_year(self, start: date, end: date) -> int | None:
        """The first year from `start` to `end` whose holidays are not known, if any."""
        return next((y for y in range(start.year, end.year + 1) if y not in self.known_years), None)

    def deadline(self, received: datetime, days: int) -> datetime:
        """End of the `days`-th working day after the day of receipt, Vietnam time, as UTC."""
        start = local(received).date()
        last = self.add_working_days(start, days)
        missing = self.unknown_year(start + timedelta(days=1), last)
        if missing is not None:
            log.warning("Deadline %s counts weekends only: %s", last.isoformat(), unknown_year_warning(missing))
        return as_utc(datetime.combine(last, time(23, 59, 59), tzinfo=VN_TZ))
