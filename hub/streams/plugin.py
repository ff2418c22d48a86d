from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from hub.accounts.model import Permission
from hub.broadcasts import changes
from hub.db.uow import UnitOfWork
from hub.plugins import Registry
from hub.streams import live, live_endpoints, outage, pages, supervisor, tables
from hub.streams.endpoints import router
from hub.streams.events import LiveChanged, RelayFailed, RelayProgrammeChanged
from hub.streams.model import STATE_LABELS
from hub.streams.settings import StreamSettings
from hub.web.extensions import NavEntry, web_of

SUPERVISE_EVERY = timedelta(seconds=2)


def programme_changed(uow: UnitOfWork, event: RelayProgrammeChanged) -> None:
    """What the devices of these areas play changed: they collect again (same transaction)."""
    changes.touch(uow, dict.fromkeys(event.area_paths, False))


def live_changed(uow: UnitOfWork, event: LiveChanged) -> None:
    """A live broadcast started or stopped: its areas' devices collect again (at once when it interrupts)."""
    changes.touch(uow, dict.fromkeys(event.area_paths, event.interrupt))


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
            "live.start": "bắt đầu phát trực tiếp",
            "live.stop": "kết thúc phát trực tiếp",
        },
        {"relay": "Nguồn tiếp sóng", "live": "Phát trực tiếp"},
        {"relay": STATE_LABELS},
    )
    registry.tables(tables.map_tables)
    registry.router(router)
    registry.before_commit(RelayProgrammeChanged, programme_changed)
    registry.service(supervisor.SUPERVISOR, supervisor.Supervisor)
    registry.job(supervisor.JOB, supervisor.supervise)
    registry.every(supervisor.JOB, SUPERVISE_EVERY)
    registry.job(outage.JOB, outage.tell_operators)
    registry.listen(RelayFailed, outage.JOB)
    registry.router(live_endpoints.router)
    registry.service(live.INGEST, live.Ingest)
    registry.before_commit(LiveChanged, live_changed)
    # The officials' pages: "Phát trực tiếp" (live) and "Tiếp sóng" (relays).
    registry.router(pages.router)
    registry.router(pages.static_router())
    web_of(registry).templates(Path(__file__).parent / "templates")
    web_of(registry).nav(NavEntry("Phát trực tiếp", pages.LIVE, Permission.APPROVE, order=35, key="live"))
    web_of(registry).nav(NavEntry("Tiếp sóng", pages.RELAYS, Permission.READ, order=36, key="relays"))
