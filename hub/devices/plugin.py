from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI

from hub.accounts.model import Permission
from hub.context import Hub
from hub.devices import cli, device_api, eboard, health, pages, tables
from hub.devices import dashboard_card as cards
from hub.devices import mqtt_notices as notify
from hub.devices.endpoints import router
from hub.devices.runtime import Runtime
from hub.plugins import Registry
from hub.web.extensions import NavEntry, web_of


@asynccontextmanager
async def runtime(app: FastAPI, hub: Hub) -> AsyncIterator[None]:
    """The change feed and caches of the device protocol, for the life of the app."""
    app.state.devices = devices = Runtime(hub)
    # Every device polls this path: match it first rather than after every other route of the app.
    routes = app.router.routes
    fast = [r for r in routes if getattr(r, "endpoint", None) is device_api.fast_manifest]
    for route in fast:
        routes.remove(route)
        routes.insert(0, route)
    await devices.start()
    try:
        yield
    finally:
        await devices.stop()


def register(registry: Registry) -> None:
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
    )
    registry.tables(tables.map_tables)
    registry.router(router)
    registry.router(device_api.router)
    registry.router(eboard.router)
    registry.lifespan(runtime)
    registry.job("devices.health", health.health_job)
    registry.every("devices.health", timedelta(seconds=30))
    registry.on_startup(notify.configure)
    registry.command(cli.device)
    # The officials' pages (a map without tiles, commands) and the emergency confirmation's devices.
    registry.router(pages.router)
    registry.router(pages.static_router())
    web_of(registry).templates(Path(__file__).parent / "templates")
    web_of(registry).nav(NavEntry("Thiết bị", pages.PATH, Permission.READ, order=40, key="devices"))
    web_of(registry).emergency_impact(pages.devices_interrupted)
    web_of(registry).card(cards.CARD)
