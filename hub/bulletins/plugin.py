from datetime import timedelta
from typing import Any

from hub.bulletins import service, tables
from hub.bulletins.endpoints import router
from hub.jobs.worker import JobContext
from hub.plugins import Registry


def sweep(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Publish bulletins whose start has come; expire those whose end has passed."""
    service.sweep(ctx.uow)


def register(registry: Registry) -> None:
    registry.tables(tables.map_tables)
    registry.router(router)
    registry.job("bulletins.sweep", sweep)
    registry.every("bulletins.sweep", timedelta(seconds=30))
