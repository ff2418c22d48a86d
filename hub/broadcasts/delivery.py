"""Which delivery scopes a domain event changes: the handlers that bump them in the emitting
transaction (`changes.touch`), so a device never sees a version for a change that was rolled back,
and never misses one that was committed.

BulletinPublished → `bulletin_changed` bumps the paths of its areas (emergency when an emergency is
published) → after commit `DeliveryChanged` wakes the device change feed and publishes MQTT notices.
"""

from __future__ import annotations

from sqlalchemy import select

from hub.audio.events import AudioRendered
from hub.broadcasts import changes
from hub.broadcasts.events import ProgrammeChanged
from hub.bulletins.events import BulletinEvent
from hub.bulletins.model import Priority, Status, is_live
from hub.bulletins.tables import bulletin_table, bulletin_target_table
from hub.db.uow import UnitOfWork
from hub.plugins import Registry


def bulletin_changed(uow: UnitOfWork, event: BulletinEvent) -> None:
    if not event.reaches_devices:
        return
    emergency = event.priority == Priority.EMERGENCY and event.status == Status.PUBLISHED
    paths = dict.fromkeys(event.area_paths, emergency)
    for path in event.previous_paths:  # an edit that dropped an area: its devices drop the bulletin
        paths.setdefault(path, emergency)
    changes.touch(uow, paths)


def audio_changed(uow: UnitOfWork, event: AudioRendered) -> None:
    b, t = bulletin_table.c, bulletin_target_table.c
    connection = uow.session.connection()
    row = connection.execute(select(b.status, b.priority).where(b.id == event.bulletin_id)).first()
    if row is None or not is_live(row.status):
        return
    paths = connection.execute(select(t.area_path).where(t.bulletin_id == event.bulletin_id)).scalars().all()
    changes.touch(uow, dict.fromkeys(paths, row.priority == Priority.EMERGENCY))


def programme_changed(uow: UnitOfWork, event: ProgrammeChanged) -> None:
    changes.touch(uow, {event.area_path: False})


def register(registry: Registry) -> None:
    registry.before_commit(BulletinEvent, bulletin_changed)
    registry.before_commit(AudioRendered, audio_changed)
    registry.before_commit(ProgrammeChanged, programme_changed)
