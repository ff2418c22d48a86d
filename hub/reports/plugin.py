"""The annual report: API, command, officials' page and menu entry. It owns no table."""

from __future__ import annotations

from pathlib import Path

from hub.accounts.model import Permission
from hub.plugins import Registry
from hub.reports import dashboard_card, endpoints, pages
from hub.web.extensions import DashboardCard, NavEntry, web_of


def register(registry: Registry) -> None:
    registry.audit_labels(
        {"report.annual": "tải báo cáo năm"},
        {"report": "Báo cáo"},
    )
    registry.router(endpoints.router)
    registry.router(pages.router)
    web_of(registry).templates(Path(__file__).parent / "templates")
    web_of(registry).nav(NavEntry("Báo cáo năm", "/quan-tri/bao-cao", Permission.READ, order=90, key="report"))
    web_of(registry).card(DashboardCard("report", "Báo cáo năm", "reports/card.html", dashboard_card.load, order=90))
