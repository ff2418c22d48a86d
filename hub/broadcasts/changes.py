"""Change versions: how every hub process knows, cheaply, that a device must collect again.

Anything that changes what a device plays or shows bumps a *scope* in the same transaction as the
change itself: an area's path ("/66/24169/") for bulletins, audio, programmes and rules, or
"device:<imei>" for one device (volume, commands, revocation). A bump takes the next value of one
counter row (`delivery_counter`, locked until commit, so versions commit in order) and writes it
on the scope's row of `delivery_change`. Processes read the rows with a version above the last
one they saw (`hub.devices.change_feed`, run by the hub's device runtime) and wake the devices waiting on
those scopes. On PostgreSQL the same transaction sends `NOTIFY ttcs_delivery, '<version>'`, so every
process reads at once instead of at its next poll (`hub.db.listen`).

Bumps are made from domain events, before their transaction commits (`hub.broadcasts.delivery`):
`touch` bumps and emits `DeliveryChanged`, whose handlers after commit wake this process's change
feed at once and, when a broker is set, publish MQTT notices (`hub.devices.runtime`).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Connection, Integer, String, Table, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from hub.broadcasts.events import DeliveryChanged
from hub.db.schema import UTCDateTime, metadata
from hub.db.uow import UnitOfWork
from hub.kit.time import utcnow

CHANNEL = "ttcs_delivery"  # the PostgreSQL notification channel of new versions (payload: the version)

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


def device_scope(imei: str) -> str:
    return f"device:{imei}"


def bump(connection: Connection, scopes: dict[str, bool]) -> int | None:
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
    if connection.dialect.name == "postgresql":
        # Every process's feed LISTENs (`hub.db.listen`): PostgreSQL delivers this at commit, in
        # commit order, and drops it on rollback.
        connection.execute(select(func.pg_notify(CHANNEL, str(version))))
    return int(version)


def touch(uow: UnitOfWork, scopes: dict[str, bool]) -> None:
    """Bump `scopes` ({scope: emergency}) in the unit of work's transaction and say so."""
    version = bump(uow.session.connection(), scopes)
    if version is not None:
        uow.emit(DeliveryChanged(scopes=tuple(scopes), version=version, emergency=any(scopes.values())))
