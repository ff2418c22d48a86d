"""SQL for subscriptions: who follows what, who a bulletin reaches, and the channels' pace."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hub.areas.model import ancestor_paths, subtree_range
from hub.db.rows import rowcount
from hub.subscriptions.model import EVERY_TOPIC, Reach, Subscription
from hub.subscriptions.tables import pace_table, reach_table, subscription_table

s = subscription_table.c
r = reach_table.c


class SubscriptionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _insert(self):
        return pg_insert if self._session.get_bind().dialect.name == "postgresql" else sqlite_insert

    def of_contact(self, contact_id: int) -> Sequence[Subscription]:
        query = select(Subscription).where(s.contact_id == contact_id).order_by(s.id)
        return self._session.scalars(query).all()

    def add(self, subscription: Subscription) -> bool:
        """Insert unless the same subscription exists; True when it was new."""
        values = {col.name: getattr(subscription, col.name) for col in subscription_table.columns if col.name != "id"}
        statement = (
            self._insert()(subscription_table)
            .values(values)
            .on_conflict_do_nothing(index_elements=[s.contact_id, s.area_id, s.topic])
            .returning(s.id)
        )
        return self._session.execute(statement).scalar_one_or_none() is not None

    def remove(self, contact_id: int, *, area_id: int | None = None, topic: str | None = None) -> int:
        statement = delete(subscription_table).where(s.contact_id == contact_id)
        if area_id is not None:
            statement = statement.where(s.area_id == area_id)
        if topic is not None:
            statement = statement.where(s.topic == topic)
        return rowcount(self._session.execute(statement))

    def audience(
        self, target_paths: Sequence[str], category: str, *, after_contact: int = 0, limit: int = 500
    ) -> list[tuple[int, str]]:
        """(contact id, the subscribed area's path) of everyone a bulletin sent to `target_paths`
        reaches: subscribers of a target, of an area inside one, or of an area above one."""
        above = {a for path in target_paths for a in ancestor_paths(path)}
        places: list[ColumnElement[bool]] = [s.area_path.in_(sorted(above))] if above else []
        places += [and_(s.area_path >= low, s.area_path < high) for low, high in map(subtree_range, target_paths)]
        query = (
            select(s.contact_id, func.min(s.area_path))
            .where(or_(*places), s.topic.in_([EVERY_TOPIC, category]), s.contact_id > after_contact)
            .group_by(s.contact_id)
            .order_by(s.contact_id)
            .limit(limit)
        )
        return [(contact_id, path) for contact_id, path in self._session.execute(query)]

    def reached(self, bulletin_id: int, contact_ids: Iterable[int]) -> set[int]:
        ids = list(contact_ids)
        if not ids:
            return set()
        query = select(r.contact_id).where(r.bulletin_id == bulletin_id, r.contact_id.in_(ids))
        return set(self._session.scalars(query))

    def add_reach(self, reach: Reach) -> None:
        self._session.add(reach)

    def reach_counts(self, since: datetime, until: datetime) -> dict[str, int]:
        """Citizens told of bulletins in a period, by channel (for the annual report)."""
        query = select(r.channel, func.count()).where(r.created_at >= since, r.created_at < until).group_by(r.channel)
        return {channel: n for channel, n in self._session.execute(query)}

    def take_slots(self, channel: str, count: int, per_second: float, now: datetime) -> datetime:
        """Reserve `count` sending slots of `channel` at `per_second`; returns when the first one is.
        The row is locked to the end of the transaction, so concurrent fan-outs queue up behind."""
        self._session.execute(
            self._insert()(pace_table)
            .values(channel=channel, next_at=now)
            .on_conflict_do_nothing(index_elements=[pace_table.c.channel])
        )
        query = select(pace_table.c.next_at).where(pace_table.c.channel == channel).with_for_update()
        start = max(now, self._session.execute(query).scalar_one())
        self._session.execute(
            pace_table.update()
            .where(pace_table.c.channel == channel)
            .values(next_at=start + timedelta(seconds=count / per_second))
        )
        return start
