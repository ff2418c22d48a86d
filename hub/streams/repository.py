"""All SQL of the streams domain."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hub.streams.model import LiveBroadcast, RelaySource, RelayWindow
from hub.streams.tables import live_broadcast_table as live_t
from hub.streams.tables import relay_source_table as source_t
from hub.streams.tables import relay_window_table as window_t


class StreamRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, thing: RelaySource | RelayWindow | LiveBroadcast) -> None:
        self.session.add(thing)
        self.session.flush()

    def delete(self, thing: RelaySource | RelayWindow) -> None:
        self.session.delete(thing)
        self.session.flush()

    def source(self, source_id: int, *, for_update: bool = False) -> RelaySource | None:
        query = select(RelaySource).where(source_t.c.id == source_id)
        if for_update:
            query = query.with_for_update()
        return self.session.scalars(query).first()

    def window(self, window_id: int) -> RelayWindow | None:
        return self.session.get(RelayWindow, window_id)

    def sources(self, paths: Iterable[str] | None = None) -> list[RelaySource]:
        """Sources registered in these subtrees (all when None) or above them (they may be relayed there)."""
        query = select(RelaySource).order_by(source_t.c.name, source_t.c.id)
        found = list(self.session.scalars(query))
        if paths is None:
            return found
        wanted = list(paths)
        return [s for s in found if any(p.startswith(s.area_path) or s.area_path.startswith(p) for p in wanted)]

    def sources_by_id(self, ids: Iterable[int]) -> dict[int, RelaySource]:
        ids = set(ids)
        if not ids:
            return {}
        query = select(RelaySource).where(source_t.c.id.in_(ids))
        return {s.id: s for s in self.session.scalars(query)}

    def windows(self, *, paths: Iterable[str] | None = None, source_id: int | None = None) -> list[RelayWindow]:
        """Windows of these subtrees (all when None), or of one source."""
        query = select(RelayWindow).order_by(window_t.c.starts, window_t.c.id)
        if source_id is not None:
            query = query.where(window_t.c.source_id == source_id)
        if paths is not None:
            wanted = list(paths)
            if not wanted:
                return []
            query = query.where(or_(*(window_t.c.area_path.startswith(p) for p in wanted)))
        return list(self.session.scalars(query))

    def windows_of_bulletin(self, bulletin_id: int) -> list[RelayWindow]:
        return list(self.session.scalars(select(RelayWindow).where(window_t.c.bulletin_id == bulletin_id)))

    def windows_reaching(self, area_paths: Iterable[str]) -> list[RelayWindow]:
        """Windows set on any of these exact areas (a device's area and those above it)."""
        paths = list(area_paths)
        query = select(RelayWindow).where(window_t.c.area_path.in_(paths))
        return list(self.session.scalars(query))

    def live(self, broadcast_id: int, *, for_update: bool = False) -> LiveBroadcast | None:
        query = select(LiveBroadcast).where(live_t.c.id == broadcast_id)
        if for_update:
            query = query.with_for_update()
        return self.session.scalars(query).first()

    def on_air(self) -> list[LiveBroadcast]:
        """Live broadcasts not ended (few at any time: filtered by area in Python)."""
        query = select(LiveBroadcast).where(live_t.c.ended_at.is_(None)).order_by(live_t.c.started_at)
        return list(self.session.scalars(query))

    def recent_live(self, limit: int = 20) -> list[LiveBroadcast]:
        query = select(LiveBroadcast).order_by(live_t.c.started_at.desc(), live_t.c.id.desc()).limit(limit)
        return list(self.session.scalars(query))

    def stream_seconds(self, paths: Iterable[str] | None, start: datetime, end: datetime) -> dict[str, float]:
        """Seconds of live broadcasts and relays the loudspeakers of these subtrees (all when None)
        played in [start, end), from their play logs (item ids "live:…", "relay:…")."""
        from hub.devices.tables import device_table, play_log_table

        log = play_log_table.c
        query = (
            select(log.item_id, log.started_at, log.ended_at)
            .join(device_table, device_table.c.id == log.device_id)
            .where(log.started_at >= start, log.started_at < end)
            .where(or_(log.item_id.startswith("live:"), log.item_id.startswith("relay:")))
        )
        if paths is not None:
            wanted = list(paths)
            if not wanted:
                return {"live": 0.0, "relay": 0.0}
            query = query.where(or_(*(device_table.c.area_path.startswith(p) for p in wanted)))
        found = {"live": 0.0, "relay": 0.0}
        for item_id, began, ended in self.session.execute(query):
            found[str(item_id).split(":", 1)[0]] += max(0.0, (ended - began).total_seconds())
        return found
