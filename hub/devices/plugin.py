from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI

from hub.accounts.model import Permission
from hub.broadcasts import changes
from hub.broadcasts.events import DeliveryChanged
from hub.context import Hub
from hub.db.uow import UnitOfWork
from hub.devices import (
    dashboard_card,
    device_api,
    eboard,
    health,
    mqtt_notices,
    outage,
    pages,
    registration_pages,
    tables,
)
from hub.devices.endpoints import router
from hub.devices.events import DeviceChanged, DeviceWentOffline
from hub.devices.fast_manifest import FastManifest
from hub.devices.model import STATE_LABELS
from hub.devices.runtime import RUNTIME, Runtime
from hub.devices.settings import DeviceSettings
from hub.plugins import Registry
from hub.web.extensions import NavEntry, web_of


@asynccontextmanager
async def runtime(app: FastAPI, hub: Hub) -> AsyncIterator[None]:
    """The change feed and caches of the device protocol, for the life of the app."""
    app.state.devices = devices = hub.service(RUNTIME)
    await devices.start()
    try:
        yield
    finally:
        await devices.stop()


def device_changed(uow: UnitOfWork, event: DeviceChanged) -> None:
    """One device must collect again: bump its scope in the same transaction."""
    changes.touch(uow, {changes.device_scope(event.imei): False})


def delivered(hub: Hub, event: DeliveryChanged) -> None:
    """After commit: wake this process's waiting devices and publish the MQTT notices."""
    hub.service(RUNTIME).delivered(event)


def register(registry: Registry) -> None:
    registry.settings(DeviceSettings)
    registry.audit_labels(
        {
            "device.add": "đăng ký thiết bị",
            "device.update": "sửa thông tin thiết bị",
            "device.revoke": "thu hồi thiết bị",
            "device.rotate": "cấp lại mã thiết bị",
            "device.command": "gửi lệnh cho thiết bị",
            "device.online": "thiết bị kết nối",
            "device.offline": "thiết bị mất kết nối",
            "device.alarm": "thiết bị báo sự cố",
        },
        {"device": "Thiết bị"},
        {"device": STATE_LABELS},
    )
    registry.tables(tables.map_tables)
    registry.router(router)
    registry.router(device_api.router)
    registry.middleware(FastManifest)  # the manifest's 304 before routing (hub.devices.fast_manifest)
    registry.router(eboard.router)
    registry.service(RUNTIME, Runtime)
    registry.lifespan(runtime)
    registry.job("devices.health", health.health_job)
    registry.every("devices.health", timedelta(seconds=30))
    registry.job("devices.history", health.history_job)
    registry.every("devices.history", timedelta(hours=24))
    registry.on_startup(mqtt_notices.check)
    registry.before_commit(DeviceChanged, device_changed)
    registry.on_commit(DeliveryChanged, delivered)
    registry.job(outage.JOB, outage.tell_operators)
    registry.listen(DeviceWentOffline, outage.JOB)  # a job: the notice must survive a crash
    # The officials' pages (a map without tiles, commands) and the emergency confirmation's devices.
    registry.router(registration_pages.router)  # before pages.router: "/dang-ky" is not an IMEI
    registry.router(pages.router)
    registry.router(pages.static_router())
    web_of(registry).templates(Path(__file__).parent / "templates")
    web_of(registry).nav(NavEntry("Thiết bị", pages.PATH, Permission.READ, order=40, key="devices"))
    web_of(registry).emergency_impact(pages.devices_interrupted)
    web_of(registry).card(dashboard_card.CARD)
