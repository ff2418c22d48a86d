"""SQL of the devices domain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, false, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hub.areas.model import subtree_range
from hub.db.rows import rowcount
from hub.devices.model import CommandStatus, Device, DeviceAlert, DeviceCommand, PlayLog, State
from hub.devices.tables import (
    device_alert_table,
    device_command_table,
    device_seen_table,
    device_table,
    play_log_table,
)

d = device_table.c
cmd = device_command_table.c
pl = play_log_table.c
al = device_alert_table.c


class DeviceRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, item: object) -> None:
        self._session.add(item)

    def flush(self) -> None:
        self._session.flush()

    def get(self, device_id: int) -> Device | None:
        return self._session.get(Device, device_id)

    def get_many(self, ids: set[int]) -> dict[int, Device]:
        """The devices of `ids` by id, in one query (those that exist)."""
        if not ids:
            return {}
        return {dev.id: dev for dev in self._session.scalars(select(Device).where(d.id.in_(sorted(ids))))}

    def by_imei(self, imei: str, *, for_update: bool = False) -> Device | None:
        query = select(Device).where(d.imei == imei)
        if for_update:
            query = query.with_for_update()
        return self._session.scalars(query).one_or_none()

    def by_token_hash(self, token_hash: str) -> Device | None:
        return self._session.scalars(select(Device).where(d.token_hash == token_hash)).one_or_none()

    def within(
        self,
        paths: Sequence[str] | None,
        *,
        state: str | None = None,
        kind: str | None = None,
        search: str | DeviceSearch = "",
        playing: bool = False,
        limit: int = 500,
        offset: int = 0,
    ) -> Sequence[Device]:
        """Devices whose area lies under one of `paths` (None: everywhere)."""
        query = select(Device).where(*_filters(paths, state, kind, search, playing))
        return self._session.scalars(query.order_by(d.area_path, d.imei).offset(offset).limit(limit)).all()

    def count_playing(
        self, paths: Sequence[str] | None, *, kind: str | None = None, search: str | DeviceSearch = ""
    ) -> int:
        query = select(func.count()).where(*_filters(paths, None, kind, search, True))
        return int(self._session.execute(query).scalar_one())

    def count_by_state(
        self, paths: Sequence[str] | None, *, kind: str | None = None, search: str | DeviceSearch = ""
    ) -> dict[str, int]:
        query = select(d.state, func.count()).where(*_filters(paths, None, kind, search)).group_by(d.state)
        return {str(state): int(n) for state, n in self._session.execute(query).all()}

    def silent(self, before: datetime, limit: int = 1000) -> Sequence[Device]:
        query = select(Device).where(d.state == State.ONLINE.value, d.last_seen_at <= before).with_for_update()
        return self._session.scalars(query.limit(limit)).all()

    # -- commands -------------------------------------------------------------------------------

    def queued_commands(self, device_id: int) -> Sequence[DeviceCommand]:
        query = select(DeviceCommand).where(cmd.device_id == device_id, cmd.status == CommandStatus.QUEUED.value)
        return self._session.scalars(query.order_by(cmd.id)).all()

    def count_queued(self, device_id: int) -> int:
        query = select(func.count()).where(cmd.device_id == device_id, cmd.status == CommandStatus.QUEUED.value)
        return int(self._session.execute(query).scalar_one())

    def commands(self, device_id: int, limit: int = 50) -> Sequence[DeviceCommand]:
        query = select(DeviceCommand).where(cmd.device_id == device_id).order_by(cmd.id.desc()).limit(limit)
        return self._session.scalars(query).all()

    def command(self, command_id: int) -> DeviceCommand | None:
        return self._session.get(DeviceCommand, command_id)

    # -- heartbeat history ------------------------------------------------------------------------

    def mark_seen(self, device_id: int, hour: int) -> None:
        """The device was heard from in the hour `hour` (`model.hour_number`; a second time: nothing)."""
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(device_seen_table).values(device_id=device_id, hour=hour).on_conflict_do_nothing()
        self._session.execute(stmt)

    def mark_seen_many(self, marks: set[tuple[int, int]]) -> None:
        """`mark_seen` for many (device, hour) pairs in one statement."""
        if not marks:
            return
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        rows = [{"device_id": device_id, "hour": hour} for device_id, hour in sorted(marks)]
        self._session.execute(insert(device_seen_table).values(rows).on_conflict_do_nothing())

    def forget_seen_before(self, hour: int) -> int:
        """Delete the heartbeat history before the hour `hour`; how many rows went."""
        result = self._session.execute(delete(device_seen_table).where(device_seen_table.c.hour < hour))
        return rowcount(result)

    # -- play logs ------------------------------------------------------------------------------

    def add_play_logs(self, rows: list[dict[str, Any]]) -> int:
        """Insert, skipping rows already stored (same device, item, start); the number inserted."""
        if not rows:
            return 0
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = (
            insert(play_log_table)
            .values(rows)
            .on_conflict_do_nothing(index_elements=[pl.device_id, pl.item_id, pl.started_at])
            .returning(pl.id)
        )
        return len(self._session.execute(stmt).all())

    def existing_bulletins(self, ids: set[int]) -> set[int]:
        from hub.bulletins.tables import bulletin_table

        if not ids:
            return set()
        return set(self._session.scalars(select(bulletin_table.c.id).where(bulletin_table.c.id.in_(list(ids)))))

    def play_logs(self, device_id: int, limit: int = 100) -> Sequence[PlayLog]:
        query = select(PlayLog).where(pl.device_id == device_id).order_by(pl.started_at.desc(), pl.id.desc())
        return self._session.scalars(query.limit(limit)).all()

    # -- alerts ---------------------------------------------------------------------------------

    def open_alert(self, device_id: int, kind: str) -> DeviceAlert | None:
        query = select(DeviceAlert).where(al.device_id == device_id, al.kind == kind, al.closed_at.is_(None))
        return self._session.scalars(query).first()

    def open_alerts_of(self, device_ids: list[int]) -> dict[tuple[int, str], DeviceAlert]:
        """The open alerts of these devices by (device, kind), in one query."""
        if not device_ids:
            return {}
        query = select(DeviceAlert).where(al.device_id.in_(sorted(device_ids)), al.closed_at.is_(None))
        found: dict[tuple[int, str], DeviceAlert] = {}
        for alert in self._session.scalars(query.order_by(al.id)):
            found.setdefault((alert.device_id, str(alert.kind)), alert)
        return found

    def open_alerts(self, paths: Sequence[str] | None, limit: int = 200) -> Sequence[DeviceAlert]:
        query = select(DeviceAlert).where(al.closed_at.is_(None))
        if paths is not None:
            ranges = [and_(al.area_path >= lo, al.area_path < hi) for lo, hi in map(subtree_range, paths)]
            query = query.where(or_(*ranges) if ranges else false())
        return self._session.scalars(query.order_by(al.opened_at.desc()).limit(limit)).all()


@dataclass(frozen=True)
class DeviceSearch:
    """What a search box's words find: the text in a device's IMEI, name or place, or devices inside
    the areas the words name (`hub.areas.service.matching`: "buon ea kao" without diacritics)."""

    text: str
    area_paths: tuple[str, ...] = ()


def _filters(
    paths: Sequence[str] | None, state: str | None, kind: str | None, search: str | DeviceSearch, playing: bool = False
) -> list[ColumnElement[bool]]:
    if isinstance(search, str):
        search = DeviceSearch(search)
    found: list[ColumnElement[bool]] = []
    if playing:  # online, and its last heartbeat said it plays (`Device.activity`)
        found.append(d.state == State.ONLINE.value)
        found.append(d.status["operating_state"].as_string() == "playing")
    if paths is not None:
        ranges = [and_(d.area_path >= lo, d.area_path < hi) for lo, hi in map(subtree_range, paths)]
        found.append(or_(*ranges) if ranges else false())
    if state:
        found.append(d.state == state)
    if kind:
        found.append(d.kind == kind)
    if search.text:
        pattern = "%" + search.text.replace("\\", "").replace("%", "").replace("_", "") + "%"
        inside = [and_(d.area_path >= lo, d.area_path < hi) for lo, hi in map(subtree_range, search.area_paths)]
        found.append(or_(d.imei.ilike(pattern), d.name.ilike(pattern), d.location.ilike(pattern), *inside))
    return found
