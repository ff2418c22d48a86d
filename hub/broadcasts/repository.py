"""SQL of the broadcasts domain: rules, schedules, and the bulletins that may play in an area."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from hub.areas.model import Area, subtree_range
from hub.areas.tables import area_table
from hub.audio.repository import ready_duration
from hub.broadcasts.model import Rules, ScheduleItem
from hub.broadcasts.tables import broadcast_rules_table, broadcast_schedule_table
from hub.bulletins.tables import bulletin_table, bulletin_target_table, live

b = bulletin_table.c
t = bulletin_target_table.c
s = broadcast_schedule_table.c


@dataclass(frozen=True)
class Reaching:
    """A bulletin that reaches an area, as devices need it (no ORM object)."""

    id: int
    revision: int
    title: str
    summary: str
    body: str
    priority: str
    status: str
    valid_from: datetime
    valid_until: datetime | None
    published_at: datetime | None
    approved_at: datetime | None
    issuer: str
    duration_ms: int | None


class BroadcastRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, item: object) -> None:
        self._session.add(item)

    def delete(self, item: object) -> None:
        self._session.delete(item)

    def flush(self) -> None:
        self._session.flush()

    def rules(self, area_id: int) -> Rules | None:
        return self._session.scalars(select(Rules).where(broadcast_rules_table.c.area_id == area_id)).one_or_none()

    def schedule(self, item_id: int) -> ScheduleItem | None:
        return self._session.get(ScheduleItem, item_id)

    def schedules(self, area_id: int) -> Sequence[ScheduleItem]:
        query = select(ScheduleItem).where(s.area_id == area_id).order_by(s.bulletin_id, s.id)
        return self._session.scalars(query).all()

    def reaching(self, area: Area, ancestors: list[Area], start: datetime, end: datetime) -> list[Reaching]:
        """Live bulletins sent to the area, to a unit above it or to a unit inside it, whose validity
        overlaps [start, end); with the duration of their device audio when rendered."""
        low, high = subtree_range(area.path)
        exact = [a.path for a in ancestors]
        targets = select(t.bulletin_id).where(or_(t.area_path.in_(exact), and_(t.area_path >= low, t.area_path < high)))
        query = (
            select(
                b.id,
                b.revision,
                b.title,
                b.summary,
                b.body,
                b.priority,
                b.status,
                b.valid_from,
                b.valid_until,
                b.published_at,
                b.approved_at,
                area_table.c.name.label("issuer"),
                ready_duration(b.id).label("duration_ms"),
            )
            .join(area_table, area_table.c.id == b.creating_area_id)
            .where(
                b.id.in_(targets),
                live(),
                b.valid_from < end,
                or_(b.valid_until.is_(None), b.valid_until > start),
            )
            .order_by(b.id)
        )
        return [Reaching(**row._mapping) for row in self._session.execute(query)]
