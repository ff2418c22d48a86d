"""Health: devices silent for `TTCS_DEVICE_OFFLINE_AFTER` seconds become offline; heartbeat history
older than `TTCS_DEVICE_HISTORY_DAYS` is deleted once a day.

A periodic job marks them, opens an alert the area's device operators see
(`GET /api/v1/devices/alerts`), writes the audit row and emits `DeviceWentOffline`, which tells the
device operators of the commune on their linked chat (`hub.devices.outage`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hub.accounts.model import Principal
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.devices.events import DeviceWentOffline
from hub.devices.model import AlertKind, DeviceAlert, hour_number
from hub.devices.repository import DeviceRepository
from hub.devices.settings import DeviceSettings
from hub.jobs.worker import JobContext
from hub.kit.time import utcnow


def sweep(uow: UnitOfWork, offline_after: timedelta, now: datetime | None = None) -> list[str]:
    """Mark silent devices offline; the IMEIs marked."""
    now = now or utcnow()
    repo = DeviceRepository(uow.session)
    system = Principal.system("system")
    marked = []
    for device in repo.silent(now - offline_after):
        device.go_offline(now)
        if repo.open_alert(device.id, AlertKind.OFFLINE.value) is None:
            silent_for = int((now - (device.last_seen_at or device.created_at)).total_seconds() // 60)
            repo.add(
                DeviceAlert(
                    device.id,
                    device.area_path,
                    AlertKind.OFFLINE,
                    now,
                    detail=f"Thiết bị “{device.name}” không gửi tín hiệu {silent_for} phút.",
                )
            )
        record(
            uow,
            system,
            "device.offline",
            "device",
            device.imei,
            area_code=device.area_code,
            from_state="online",
            to_state="offline",
            details={"last_seen_at": device.last_seen_at.isoformat() if device.last_seen_at else None},
        )
        uow.emit(
            DeviceWentOffline(
                imei=device.imei, name=device.name, area_code=device.area_code, last_seen_at=device.last_seen_at
            )
        )
        marked.append(device.imei)
    return marked


def health_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    sweep(ctx.uow, timedelta(seconds=ctx.settings.of(DeviceSettings).device_offline_after))


def forget_old_history(uow: UnitOfWork, keep: timedelta, now: datetime | None = None) -> int:
    """Delete heartbeat history older than `keep` (a row per device and hour would grow without end);
    how many rows went."""
    return DeviceRepository(uow.session).forget_seen_before(hour_number((now or utcnow()) - keep))


def history_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    forget_old_history(ctx.uow, timedelta(days=ctx.settings.of(DeviceSettings).device_history_days))
