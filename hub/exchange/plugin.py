"""The exchange with other systems: provincial source systems (in and up) and CAP 1.2."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hub.exchange import cap_api, cli, endpoints, feeds, source_api, tables, upstream
from hub.jobs.worker import JobContext
from hub.plugins import Registry


def report_upward(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Collect new play logs and device states into the outbox, then send what is due."""
    if not ctx.settings.upstream_url:
        return
    upstream.collect(ctx.uow, ctx.settings)
    ctx.uow.commit()
    upstream.send(ctx.database, ctx.settings)


def register(registry: Registry) -> None:
    registry.tables(tables.map_tables)
    registry.router(source_api.router)
    registry.router(cap_api.router)
    registry.router(endpoints.router)
    registry.job("exchange.upstream", report_upward)
    registry.every("exchange.upstream", timedelta(seconds=10))
    registry.job("exchange.cap_feeds", feeds.poll)
    registry.every("exchange.cap_feeds", timedelta(seconds=10))
    registry.command(cli.source)
    registry.command(cli.cap)
