"""What happens to a device: an official changes it, it comes back, raises an alarm, goes silent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hub.kit.events import DomainEvent


@dataclass(frozen=True)
class DeviceChanged(DomainEvent):
    """What the device must collect changed for this one device (settings, volume, a command, a
    revoked or rotated token)."""

    imei: str
    change: str


@dataclass(frozen=True)
class DeviceCameOnline(DomainEvent):
    imei: str
    area_code: str


@dataclass(frozen=True)
class DeviceAlarmRaised(DomainEvent):
    imei: str
    area_code: str
    alarm: str


@dataclass(frozen=True)
class DeviceWentOffline(DomainEvent):
    """Silent for longer than `TTCS_DEVICE_OFFLINE_AFTER`: emitted once per outage (the device is
    marked offline and is not swept again until it reports)."""

    imei: str
    name: str
    area_code: str
    last_seen_at: datetime | None
