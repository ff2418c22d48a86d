"""The running hub as request handlers, jobs and commands see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hub.config import Settings
from hub.db.database import Database
from hub.plugins import Registry

if TYPE_CHECKING:
    from hub.devices.runtime import Runtime as DeviceRuntime


@dataclass
class Hub:
    settings: Settings
    database: Database
    registry: Registry
    signing_key: str
    # The device side of this process: change feed, MQTT notices, caches (set by hub.bootstrap).
    devices: DeviceRuntime | None = None
