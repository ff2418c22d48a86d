"""Change versions: how every hub process knows, cheaply, that a device must collect again.

Anything that changes what a device plays or shows bumps a *scope* in the same transaction as the
change itself: an area's path ("/66/24169/") for bulletins, audio, programmes and rules, or
"device:<imei>" for one device (volume, commands, revocation). A bump takes the next value of one
counter row (`delivery_counter`, locked until commit, so versions commit in order) and writes it
on the scope's row of `delivery_change`. Processes read the rows with a version above the last
one they saw (`hub.devices.change_feed`) and wake the devices waiting on those scopes; the process that
committed is told at once (after commit) and, when a broker is set, publishes MQTT notices.

Bulletins and their audio are watched with mapper events, so the bulletin and audio domains need
not know about devices at all.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Connection, Integer, String, Table, event, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, object_session

from hub.db.schema import UTCDateTime, metadata
from hub.kit.time import utcnow

log = logging.getLogger(__name__)

counter_table = Table(
    "delivery_counter",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", BigInteger, nullable=False),
)

change_table = Table(
    "delivery_change",
    metadata,
    Column("scope", String(600), primary_key=True),
    Column("version", BigInteger, nullable=False, index=True),
    Column("emergency", Boolean, nullable=False, default=False),
    Column("changed_at", UTCDateTime, nullable=False),
)

SESSION_KEY = "ttcs_delivery_changes"
VERSION_KEY = "ttcs_delivery_version"
Listener = Callable[[dict[str, bool], int], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


def device_scope(imei: str) -> str:
    return f"device:{imei}"


def on_commit(listener: Listener, *, first: bool = False) -> None:
    """Call `listener({scope: emergency}, version)` after each commit that bumped scopes (in the
    committing thread). `first`: before the others (a change feed must know before a notice goes out)."""
    with _lock:
        if listener not in _listeners:
            _listeners.insert(0, listener) if first else _listeners.append(listener)


def remove_listener(listener: Listener) -> None:
    with _lock:
        if listener in _listeners:
            _listeners.remove(listener)


def bump(connection: Connection, session: Session | None, scopes: dict[str, bool]) -> int | None:
    """Give `scopes` the next version, in the caller's transaction."""
    if not scopes:
        return None
    version = connection.execute(
        update(counter_table)
        .where(counter_table.c.id == 1)
        .values(version=counter_table.c.version + 1)
        .returning(counter_table.c.version)
    ).scalar_one()
    now = utcnow()
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    for scope, emergency in scopes.items():
        stmt = insert(change_table).values(scope=scope, version=version, emergency=emergency, changed_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=[change_table.c.scope],
            set_={"version": version, "emergency": emergency, "changed_at": now},
        )
        connection.execute(stmt)
    if session is not None:
        pending: dict[str, bool] = session.info.setdefault(SESSION_KEY, {})
        for scope, emergency in scopes.items():
            pending[scope] = pending.get(scope, False) or emergency
        session.info[VERSION_KEY] = max(int(version), session.info.get(VERSION_KEY, 0))
    return int(version)


def touch(session: Session, scopes: dict[str, bool]) -> None:
    """Bump from a service (programmes, devices): `changes.touch(uow.session, {path: False})`."""
    bump(session.connection(), session, scopes)


# -- watching bulletins and their audio ------------------------------------------------------------


def _bulletin_changed(_mapper: Any, connection: Connection, bulletin: Any) -> None:
    state = inspect(bulletin)
    status = str(bulletin.status)
    status_history = state.attrs.status.history
    ever_live = bulletin.approved_revision is not None or status in ("approved", "published")
    if not ever_live and not status_history.deleted:
        return
    paths = {t.area_path for t in bulletin.targets}
    paths |= {t.area_path for t in state.attrs.targets.history.deleted or ()}
    emergency = str(bulletin.priority) == "emergency" and status == "published"
    bump(connection, object_session(bulletin), dict.fromkeys(paths, emergency))


def _audio_changed(_mapper: Any, connection: Connection, audio: Any) -> None:
    from hub.bulletins.tables import bulletin_table, bulletin_target_table

    b, t = bulletin_table.c, bulletin_target_table.c
    row = connection.execute(select(b.status, b.priority).where(b.id == audio.bulletin_id)).first()
    if row is None or row.status not in ("approved", "published"):
        return
    paths = connection.execute(select(t.area_path).where(t.bulletin_id == audio.bulletin_id)).scalars().all()
    emergency = row.priority == "emergency"
    bump(connection, object_session(audio), dict.fromkeys(paths, emergency))


def _after_commit(session: Session) -> None:
    pending = session.info.pop(SESSION_KEY, None)
    version = session.info.pop(VERSION_KEY, 0)
    if not pending:
        return
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(dict(pending), version)
        except Exception:  # a notice that fails must not fail the commit that already happened
            log.exception("delivery change listener failed")


def _after_rollback(session: Session) -> None:
    session.info.pop(SESSION_KEY, None)
    session.info.pop(VERSION_KEY, None)


def watch() -> None:
    """Mapper and session events (run once per process by the plugin registry)."""
    from hub.audio.model import BulletinAudio
    from hub.bulletins.model import Bulletin

    for name in ("after_insert", "after_update"):
        event.listen(Bulletin, name, _bulletin_changed)
        event.listen(BulletinAudio, name, _audio_changed)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)
