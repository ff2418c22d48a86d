"""The exchange with other systems: provincial source systems (in and up) and CAP 1.2."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from hub.accounts.model import Permission
from hub.exchange import cap, cap_api, dashboard_card, endpoints, service, source_api, tables, upstream
from hub.exchange import cap_feeds as feeds
from hub.exchange.settings import ExchangeSettings
from hub.http.openapi import alternate_errors
from hub.jobs.worker import JobContext
from hub.plugins import Registry
from hub.web.extensions import SLOT_DEVICES, DashboardCard, web_of


def report_upward(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Collect new play logs and device states into the outbox, then send what is due."""
    service.report_upward(ctx.uow, ctx.hub)


def register(registry: Registry) -> None:
    registry.settings(ExchangeSettings)
    registry.audit_labels({"source.add": "thêm hệ thống nguồn"}, {"source": "Hệ thống nguồn"})
    registry.tables(tables.map_tables)
    registry.router(source_api.router)
    # the source-system format answers errors as {TrangThaiGui, MoTa, MaLoi, TruongLoi}
    alternate_errors(
        "/api/nguon/v1/",
        {"application/json": {"schema": {"type": "object", "required": ["TrangThaiGui", "MoTa"]}}},
    )
    registry.router(cap_api.router)
    registry.body_limit("/api/v1/cap/", cap.MAX_BYTES)  # the documented 2 MB, over the API's default
    registry.router(endpoints.router)
    registry.service(upstream.SESSION, lambda hub: upstream.UpstreamSession())
    registry.job("exchange.upstream", report_upward)
    registry.every("exchange.upstream", timedelta(seconds=10))
    registry.job("exchange.cap_feeds", feeds.poll)
    registry.every("exchange.cap_feeds", timedelta(seconds=10))
    web_of(registry).templates(Path(__file__).parent / "templates")
    web_of(registry).card(
        DashboardCard(
            "upstream", "Báo cáo lên cấp trên", "exchange/card.html", dashboard_card.load,
            permission=Permission.OPERATE_DEVICES, order=SLOT_DEVICES + 5,
        )
    )  # fmt: skip
