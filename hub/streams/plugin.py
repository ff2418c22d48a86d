from __future__ import annotations

from datetime import timedelta

from hub.broadcasts import changes
from hub.db.uow import UnitOfWork
from hub.plugins import Registry
from hub.streams import outage, supervisor, tables
from hub.streams.endpoints import router
from hub.streams.events import RelayFailed, RelayProgrammeChanged
from hub.streams.settings import StreamSettings

SUPERVISE_EVERY = timedelta(seconds=2)


def programme_changed(uow: UnitOfWork, event: RelayProgrammeChanged) -> None:
    """What the devices of these areas play changed: they collect again (same transaction)."""
    changes.touch(uow, dict.fromkeys(event.area_paths, False))


def register(registry: Registry) -> None:
    registry.settings(StreamSettings)
    registry.audit_labels(
        {
            "relay.add": "đăng ký nguồn tiếp sóng",
            "relay.remove": "xoá nguồn tiếp sóng",
            "relay.window.add": "thêm giờ tiếp sóng",
            "relay.window.remove": "bỏ giờ tiếp sóng",
            "relay.up": "bắt đầu tiếp sóng",
            "relay.down": "nguồn tiếp sóng mất tín hiệu",
            "relay.idle": "dừng tiếp sóng (hết giờ)",
        },
        {"relay": "Nguồn tiếp sóng"},
    )
    registry.tables(tables.map_tables)
    registry.router(router)
    registry.before_commit(RelayProgrammeChanged, programme_changed)
    registry.service(supervisor.SUPERVISOR, supervisor.Supervisor)
    registry.job(supervisor.JOB, supervisor.supervise)
    registry.every(supervisor.JOB, SUPERVISE_EVERY)
    registry.job(outage.JOB, outage.tell_operators)
    registry.listen(RelayFailed, outage.JOB)
