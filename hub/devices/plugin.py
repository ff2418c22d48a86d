from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI

from hub.accounts.model import Permission
from hub.context import Hub
from hub.devices import cards, cli, device_api, eboard, health, notify, pages, tables
from hub.devices.endpoints import router
from hub.devices.runtime import Runtime
from hub.devices.settings import DeviceSettings
from hub.plugins import Registry
from hub.web.extensions import NavEntry


@asynccontextmanager
async def runtime(app: FastAPI, hub: Hub) -> AsyncIterator[None]:
    """The change feed and caches of the device protocol, for the life of the app."""
    app.state.devices = devices = Runtime(hub)
    await devices.start()
    try:
        yield
    finally:
        await devices.stop()


def register(registry: Registry) -> None:
    registry.settings(DeviceSettings)
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
    registry.web.templates(Path(__file__).parent / "templates")
    registry.web.nav(NavEntry("Thiết bị", pages.PATH, Permission.READ, order=40, key="devices"))
    registry.web.emergency_impact(pages.devices_interrupted)
    registry.web.card(cards.CARD)
