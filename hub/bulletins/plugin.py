from datetime import timedelta
from typing import Any

from hub.bulletins import service, tables
from hub.bulletins.endpoints import router
from hub.bulletins.model import ACTION_LABELS, STATUS_LABELS
from hub.jobs.worker import JobContext
from hub.plugins import Registry


def sweep(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Publish bulletins whose start has come; expire those whose end has passed."""
    service.sweep(ctx.uow)


def register(registry: Registry) -> None:
    registry.audit_labels(
        {f"bulletin.{verb}": f"{label} tin" for verb, label in ACTION_LABELS.items()},
        {"bulletin": "Tin"},
        {"bulletin": STATUS_LABELS},
    )
    registry.tables(tables.map_tables)
    registry.router(router)
    registry.job("bulletins.sweep", sweep)
    registry.every("bulletins.sweep", timedelta(seconds=30))
