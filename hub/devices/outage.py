"""Telling a device's operators that it went silent (`DeviceWentOffline`).

The health sweep marks a silent device offline once per outage and emits the event; this job
writes one notice per device operator of the device's area (the nearest area up the chain that has
some), through the outbox on the `staff` channel: the official's linked Telegram or Zalo chat gets
it, and their inbox keeps it in any case. It runs as a job so a crash between the sweep and the
notice loses nothing; the notices and the job's "done" mark commit together.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hub.accounts.model import Role, User
from hub.areas.model import Area, AreaLevel
from hub.db.uow import UnitOfWork
from hub.devices.model import Device, State
from hub.devices.repository import DeviceRepository
from hub.jobs.worker import JobContext
from hub.kit.time import format_local
from hub.messaging import service as messaging
from hub.messaging.model import Kind

JOB = "devices.outage"
OPERATOR_ROLES = (Role.DEVICE_OPERATOR.value,)


def notice(device: Device, commune: Area, last_seen_at: datetime | None) -> str:
    """The Vietnamese notice, the last-seen time shown in Vietnam's time."""
    seen = f"lần cuối gửi tín hiệu lúc {format_local(last_seen_at)}" if last_seen_at else "chưa từng gửi tín hiệu"
    return (
        f"Thiết bị “{device.name}” (mã {device.imei}) của {commune.name} đã mất kết nối: {seen}. "
        "Đề nghị kiểm tra nguồn điện và đường truyền của thiết bị."
    )


def operators(uow: UnitOfWork, chain: list[Area]) -> list[User]:
    """The device operators of the nearest area, from the device's own area up, that has some."""
    for area in reversed(chain):
        found = uow.users.holding(area.id, OPERATOR_ROLES)
        if found:
            return [user for user in found if user.is_active]
    return []


def tell(uow: UnitOfWork, imei: str, last_seen_at: datetime | None) -> list[str]:
    """Queue the notice to the device's operators; who was told (usernames)."""
    device = DeviceRepository(uow.session).by_imei(imei)
    if device is None or device.state != State.OFFLINE:
        return []  # removed, or back already: nothing to act on any more
    area = uow.areas.get(device.area_id)
    assert area is not None  # a foreign key guarantees it
    chain = [*uow.areas.ancestors(area), area]
    commune = next((a for a in reversed(chain) if a.level == AreaLevel.COMMUNE), area)
    text = notice(device, commune, last_seen_at)
    told = operators(uow, chain)
    for official in told:
        messaging.queue(uow, text, Kind.NOTIFICATION, user_id=official.id, reference=device.imei)
    return [user.username for user in told]


def tell_operators(ctx: JobContext, payload: dict[str, Any]) -> None:
    seen = payload.get("last_seen_at")
    tell(ctx.uow, str(payload["imei"]), datetime.fromisoformat(seen) if seen else None)
