"""Scheduled plays: how many times the communes' programmes asked the loudspeakers to play.

A scheduled item (`hub.broadcasts.model.ScheduleItem`) plays its bulletin at local times on the
days its recurrence names, within its own dates and while the bulletin is valid (until it expires
or is withdrawn). Each occurrence is one play on every loudspeaker of the commune in service at
that moment. Pure arithmetic over rows the repository read, so it is tested without a database.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from hub.broadcasts.model import Recurrence, ScheduleItem
from hub.broadcasts.placement import estimate_ms
from hub.kit.time import VN_TZ
from hub.reports.model import Period
from hub.reports.repository import DeviceRow, ScheduleRow


@dataclass(frozen=True)
class Scheduled:
    plays: int = 0
    minutes: float = 0.0

    def __add__(self, other: Scheduled) -> Scheduled:
        return Scheduled(self.plays + other.plays, self.minutes + other.minutes)


class Fleet:
    """The loudspeakers under one path, answering "how many were in service at t" by bisection."""

    def __init__(self, devices: Iterable[DeviceRow]) -> None:
        found = list(devices)
        self._created = sorted(x.created_at for x in found)
        self._revoked = sorted(x.revoked_at for x in found if x.revoked_at is not None)

    def at(self, moment: datetime) -> int:
        return bisect_right(self._created, moment) - bisect_right(self._revoked, moment)


def duration_minutes(row: ScheduleRow) -> float:
    """The Vietnamese audio's length, or the estimate the programme uses before it is rendered."""
    ms = row.duration_ms if row.duration_ms else estimate_ms(" " * row.text_length)
    return ms / 60_000


def occurrences(row: ScheduleRow, period: Period, until: datetime | None = None) -> list[datetime]:
    """The UTC instants the item plays within the period and the bulletin's validity (and before
    `until`: a report made mid-period counts only the plays that were due by then)."""
    item = ScheduleItem(
        area_id=0,
        bulletin_id=row.bulletin_id,
        recurrence=Recurrence(row.recurrence),
        times=row.times,
        days=row.days,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        created_at=period.start,
    )
    start = max(period.start, row.valid_from)
    ends = [period.end, *(x for x in (row.valid_until, row.ended_at, until) if x is not None)]
    end = min(ends)
    times = item.time_list()
    found: list[datetime] = []
    day: date = start.astimezone(VN_TZ).date()
    last: date = end.astimezone(VN_TZ).date()
    while day <= last:
        if item.plays_on(day):
            for moment in times:
                instant = datetime.combine(day, moment, tzinfo=VN_TZ).astimezone(UTC)
                if start <= instant < end:
                    found.append(instant)
        day += timedelta(days=1)
    return found


def scheduled(
    rows: Iterable[ScheduleRow], fleets: dict[str, Fleet], period: Period, until: datetime | None = None
) -> dict[str, Scheduled]:
    """Scheduled plays and minutes per commune path, due before `until` (None: the whole period);
    `fleets` holds the loudspeakers of each commune (inside the reported area)."""
    totals: dict[str, Scheduled] = {}
    for row in rows:
        fleet = fleets.get(row.commune_path)
        if fleet is None:
            continue
        plays = sum(fleet.at(instant) for instant in occurrences(row, period, until))
        if plays:
            add = Scheduled(plays, plays * duration_minutes(row))
            totals[row.commune_path] = totals.get(row.commune_path, Scheduled()) + add
    return totals
