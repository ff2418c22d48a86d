"""All SQL of the annual report: aggregate queries over the tables of the other domains.

The report owns no table. Every query is bounded by the period and by the area's subtree (a range
scan on the materialised paths), and returns plain tuples; the service folds them into figures.
Durations are summed in the database with the dialect's own date arithmetic (`_seconds`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from hub.areas.model import Area, subtree_range
from hub.areas.tables import area_table
from hub.audio.repository import ready_duration
from hub.broadcasts.tables import broadcast_schedule_table
from hub.bulletins.tables import bulletin_table, bulletin_target_table, released
from hub.calls.tables import call_record_table
from hub.contacts.tables import contact_table
from hub.devices.model import hour_number, hour_start
from hub.devices.tables import device_alert_table, device_seen_table, device_table, play_log_table
from hub.exchange.tables import source_bulletin_table
from hub.feedback.tables import case_table
from hub.messaging.tables import message_table
from hub.reports.model import Period
from hub.subscriptions.tables import reach_table, subscription_table

b, t, a = bulletin_table.c, bulletin_target_table.c, area_table.c
d, pl, al, seen = device_table.c, play_log_table.c, device_alert_table.c, device_seen_table.c
s = broadcast_schedule_table.c
fc, m, cr = case_table.c, message_table.c, call_record_table.c
sub, reach, contact = subscription_table.c, reach_table.c, contact_table.c

SOUNDED = ("played", "interrupted", "stopped")  # plays that came out of the loudspeaker


def plain(column: Any) -> Any:
    """The column's stored string, without turning each value into its enum on the way out."""
    return type_coerce(column, String())


def in_subtree(column: Any, area: Area) -> ColumnElement[bool]:
    low, high = subtree_range(area.path)
    return and_(column >= low, column < high)


def in_period(column: Any, period: Period) -> ColumnElement[bool]:
    return and_(column >= period.start, column < period.end)


@dataclass(frozen=True)
class BulletinTarget:
    bulletin_id: int
    priority: str
    category: str
    issuer_level: str
    approved_at: datetime
    target_path: str


@dataclass(frozen=True)
class ScheduleRow:
    commune_path: str
    bulletin_id: int
    recurrence: str
    times: list[str]
    days: list[str]
    starts_on: date | None
    ends_on: date | None
    valid_from: datetime
    valid_until: datetime | None
    ended_at: datetime | None
    duration_ms: int | None
    text_length: int


@dataclass(frozen=True)
class DeviceRow:
    id: int
    kind: str
    area_path: str
    created_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None = None  # its last heartbeat; None: never heard from


@dataclass(frozen=True)
class SeenRow:
    """A device's hours in the heartbeat history within a span: how many, the first and the last."""

    device_id: int
    hours: int
    first: datetime
    last: datetime


@dataclass(frozen=True)
class AlertRow:
    device_id: int
    kind: str
    opened_at: datetime
    closed_at: datetime | None


class ReportRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._dialect = session.get_bind().dialect.name

    def _seconds(self, end: Any, start: Any) -> ColumnElement[float]:
        """end − start in seconds, in SQL (SQLite keeps datetimes as text, PostgreSQL as timestamptz)."""
        if self._dialect == "sqlite":
            return (func.julianday(end) - func.julianday(start)) * 86400.0
        return type_coerce(func.extract("epoch", end - start), Float)

    def _rows(self, query: Any) -> list[Any]:
        return list(self._session.execute(query))

    # Bulletins ---------------------------------------------------------------------------------

    def bulletin_targets(self, area: Area, ancestors: Sequence[Area], period: Period) -> list[BulletinTarget]:
        """(bulletin, target) pairs of the bulletins approved in the period that reach the area: sent to
        a unit inside it, to the area itself or to a unit above it."""
        above = [x.path for x in ancestors]
        reaching = (
            or_(in_subtree(t.area_path, area), t.area_path.in_(above)) if above else in_subtree(t.area_path, area)
        )
        query = (
            select(b.id, plain(b.priority), plain(b.category), plain(a.level), b.approved_at, t.area_path)
            .join(bulletin_target_table, t.bulletin_id == b.id)
            .join(area_table, a.id == b.creating_area_id)
            .where(reaching, in_period(b.approved_at, period), released())
        )
        return [BulletinTarget(*row) for row in self._rows(query)]

    # Broadcasts --------------------------------------------------------------------------------

    def schedules(self, area: Area, ancestors: Sequence[Area], period: Period) -> list[ScheduleRow]:
        """The communes' scheduled items (of released bulletins valid during the period) that play on
        loudspeakers inside the area: schedules of communes inside it, or of the commune above it."""
        above = [x.path for x in ancestors]
        where_commune = or_(in_subtree(a.path, area), a.path.in_(above)) if above else in_subtree(a.path, area)
        query = (
            select(
                a.path,
                s.bulletin_id,
                s.recurrence,
                s.times,
                s.days,
                s.starts_on,
                s.ends_on,
                b.valid_from,
                b.valid_until,
                b.ended_at,
                ready_duration(b.id),
                func.length(b.title) + func.length(b.body) + 2,
            )
            .join(area_table, a.id == s.area_id)
            .join(bulletin_table, b.id == s.bulletin_id)
            .where(
                where_commune,
                released(),
                b.approved_at.is_not(None),
                b.valid_from < period.end,
                or_(b.valid_until.is_(None), b.valid_until > period.start),
            )
        )
        return [ScheduleRow(row[0], row[1], str(row[2]), *row[3:]) for row in self._rows(query)]

    def plays(self, area: Area, period: Period) -> list[tuple[str, str, str, int, float]]:
        """(device area path, result, what played, plays, seconds) of loudspeakers in the area, started
        in the period. What played: "live" for a live broadcast, "relay" for a relay (the play log's
        item id "live:…", "relay:…" of the manifest's streams), else the bulletin's priority ("" when
        the play names no known bulletin)."""
        what = case(
            (pl.item_id.startswith("live:"), literal("live")),
            (pl.item_id.startswith("relay:"), literal("relay")),
            else_=func.coalesce(plain(b.priority), ""),
        )
        query = (
            select(d.area_path, pl.result, what, func.count(), func.sum(self._seconds(pl.ended_at, pl.started_at)))
            .select_from(play_log_table)
            .join(device_table, d.id == pl.device_id)
            .outerjoin(bulletin_table, b.id == pl.bulletin_id)
            .where(in_subtree(d.area_path, area), d.kind == "loudspeaker", in_period(pl.started_at, period))
            .group_by(d.area_path, pl.result, what)
        )
        return [(row[0], row[1], str(row[2]), int(row[3]), float(row[4] or 0)) for row in self._rows(query)]

    def plays_on_schedule(self, area: Area, period: Period) -> tuple[int, float, int]:
        """Plays of bulletins the device's commune scheduled (not emergencies, which interrupt at once):
        (plays with result "played", seconds of those that sounded, plays of any result)."""
        scheduled = exists().where(
            s.bulletin_id == pl.bulletin_id,
            a.id == s.area_id,
            d.area_path.startswith(a.path),
        )
        played = func.sum(case((pl.result == "played", 1), else_=0))
        sounded = func.sum(case((pl.result.in_(SOUNDED), self._seconds(pl.ended_at, pl.started_at)), else_=0))
        query = (
            select(played, sounded, func.count())
            .select_from(play_log_table)
            .join(device_table, d.id == pl.device_id)
            .join(bulletin_table, b.id == pl.bulletin_id)
            .where(
                in_subtree(d.area_path, area),
                d.kind == "loudspeaker",
                in_period(pl.started_at, period),
                b.priority != "emergency",
                scheduled,
            )
        )
        row = self._session.execute(query).one()
        return int(row[0] or 0), float(row[1] or 0), int(row[2] or 0)

    # Devices -----------------------------------------------------------------------------------

    def devices(self, area: Area, period: Period) -> list[DeviceRow]:
        """Devices of the area in service at some moment of the period."""
        query = select(d.id, d.kind, d.area_path, d.created_at, d.revoked_at, d.last_seen_at).where(
            in_subtree(d.area_path, area),
            d.created_at < period.end,
            or_(d.revoked_at.is_(None), d.revoked_at > period.start),
        )
        return [DeviceRow(row[0], str(row[1]), *row[2:]) for row in self._rows(query)]

    def alerts(self, area: Area, period: Period) -> list[AlertRow]:
        """Alerts of the area's devices open at some moment of the period."""
        query = (
            select(al.device_id, al.kind, al.opened_at, al.closed_at)
            .join(device_table, d.id == al.device_id)
            .where(
                in_subtree(d.area_path, area),
                al.opened_at < period.end,
                or_(al.closed_at.is_(None), al.closed_at > period.start),
            )
        )
        return [AlertRow(row[0], str(row[1]), row[2], row[3]) for row in self._rows(query)]

    def seen(self, area: Area, since: datetime, until: datetime) -> list[SeenRow]:
        """The heartbeat history of the area's devices: hours that began in (since − 1 h, until)."""
        low, high = hour_number(since), math.ceil(until.timestamp() / 3600)  # hours that began in (since − 1 h, until)
        query = (
            select(seen.device_id, func.count(), func.min(seen.hour), func.max(seen.hour))
            .join(device_table, d.id == seen.device_id)
            .where(in_subtree(d.area_path, area), seen.hour >= low, seen.hour < high)
            .group_by(seen.device_id)
        )
        return [
            SeenRow(row[0], int(row[1]), hour_start(int(row[2])), hour_start(int(row[3]))) for row in self._rows(query)
        ]

    def history_since(self) -> datetime | None:
        """The first hour of the heartbeat history (None: empty): before it, only offline alerts tell."""
        first = self._session.execute(select(func.min(seen.hour))).scalar()
        return hour_start(int(first)) if first is not None else None

    # Subscribers and messages ------------------------------------------------------------------

    def subscribers(self, area: Area, period: Period) -> list[tuple[str, int, int]]:
        """(channel, citizens subscribed by the end of the period, of them subscribed during it)."""
        first = (
            select(sub.contact_id, func.min(sub.created_at).label("since"))
            .where(in_subtree(sub.area_path, area), sub.created_at < period.end)
            .group_by(sub.contact_id)
            .subquery()
        )
        new = func.sum(case((first.c.since >= period.start, 1), else_=0))
        query = (
            select(contact.channel, func.count(), new)
            .select_from(first)
            .join(contact_table, contact.id == first.c.contact_id)
            .group_by(contact.channel)
        )
        return [(row[0], int(row[1]), int(row[2] or 0)) for row in self._rows(query)]

    def news_messages(self, area: Area, period: Period) -> list[tuple[str, int]]:
        """(message status, count) of the bulletin notifications to the area's subscribers."""
        subscribed = exists().where(sub.contact_id == reach.contact_id, in_subtree(sub.area_path, area))
        status = func.coalesce(m.status, "queued")
        query = (
            select(status, func.count())
            .select_from(reach_table)
            .outerjoin(message_table, m.id == reach.message_id)
            .where(in_period(reach.created_at, period), subscribed)
            .group_by(status)
        )
        return [(str(row[0]), int(row[1])) for row in self._rows(query)]

    def answer_messages(self, area: Area, period: Period) -> list[tuple[str, int]]:
        """(message status, count) of the answers sent to citizens about cases in the area."""
        query = (
            select(m.status, func.count())
            .join(case_table, fc.code == m.reference)
            .where(m.kind == "answer", in_period(m.created_at, period), in_subtree(fc.area_path, area))
            .group_by(m.status)
        )
        return [(str(row[0]), int(row[1])) for row in self._rows(query)]

    # Calls -------------------------------------------------------------------------------------

    def calls(self, area: Area, period: Period) -> list[tuple[str, int, int, int]]:
        """(result, calls, seconds, cases filed) of hotline calls about the area."""
        filed = func.count(cr.case_code)
        query = (
            select(cr.result, func.count(), func.sum(cr.duration_seconds), filed)
            .where(in_subtree(cr.area_path, area), in_period(cr.started_at, period))
            .group_by(cr.result)
        )
        return [(str(row[0]), int(row[1]), int(row[2] or 0), int(row[3])) for row in self._rows(query)]

    # Feedback ----------------------------------------------------------------------------------

    def feedback(self, area: Area, period: Period, now: datetime, months: list[datetime]) -> list[tuple[Any, ...]]:
        """Counts of the cases received in the period about the area, grouped by what the report shows:
        (area path, status, channel, classification, month index, answered, on time, overdue, count)."""
        answered = fc.answered_at.is_not(None)
        on_time = and_(answered, fc.answered_at <= fc.due_at)
        overdue = fc.due_at < min(now, period.end)
        month = _bucket(fc.received_at, months)
        flags = [cast(case((x, 1), else_=0), Integer) for x in (answered, on_time, overdue)]
        query = (
            select(fc.area_path, plain(fc.status), fc.channel, plain(fc.classification), month, *flags, func.count())
            .where(in_subtree(fc.area_path, area), in_period(fc.received_at, period))
            .group_by(fc.area_path, plain(fc.status), fc.channel, plain(fc.classification), month, *flags)
        )
        return [tuple(row) for row in self._rows(query)]

    def children(self, area: Area) -> list[tuple[str, str, str]]:
        """(code, name, path) of the units right under the area."""
        query = select(a.code, a.name, a.path).where(a.parent_id == area.id).order_by(a.code)
        return [tuple(row) for row in self._rows(query)]

    def from_source(self, bulletin_ids: Iterable[int]) -> int:
        """How many of these bulletins came through the province's source system."""
        wanted = set(bulletin_ids)
        if not wanted:
            return 0
        found = self._session.execute(select(source_bulletin_table.c.bulletin_id).distinct()).scalars()
        return sum(1 for bid in found if bid in wanted)


def _bucket(column: Any, starts: list[datetime]) -> ColumnElement[int]:
    """The index of the month a moment falls in, given each month's start (in SQL, any dialect)."""
    whens = [(column < start, literal(i - 1)) for i, start in enumerate(starts) if i > 0]
    return case(*whens, else_=literal(len(starts) - 1)) if whens else literal(0)
