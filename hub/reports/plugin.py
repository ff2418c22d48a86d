"""The annual report: API, commands, officials' pages, menu entry, the freeze job and its tables."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from hub.accounts.model import Permission
from hub.jobs.worker import JobContext
from hub.plugins import Registry
from hub.reports import dashboard_card, endpoints, pages, submission_pages, submissions, tables, training_pages
from hub.web.extensions import DashboardCard, NavEntry, web_of


def freeze_when_due(ctx: JobContext, payload: dict[str, Any]) -> None:
    """After 14/12 23:59 (Vietnam), freeze the period that ended, once."""
    submissions.freeze_when_due(ctx.uow)


def register(registry: Registry) -> None:
    registry.audit_labels(
        {
            "report.annual": "tải báo cáo năm",
            "report.freeze": "chốt số liệu báo cáo năm",
            "report.submit": "nộp báo cáo năm",
            "report.remind": "nhắc xã nộp báo cáo năm",
            "report.compile": "tải báo cáo năm tổng hợp",
            "training.add": "ghi lớp tập huấn cán bộ",
        },
        {
            "report": "Báo cáo",
            "report_snapshot": "Số liệu chốt",
            "report_submission": "Báo cáo đã nộp",
            "report_training": "Lớp tập huấn",
        },
    )
    registry.tables(tables.map_tables)
    registry.job("report.freeze", freeze_when_due)
    registry.every("report.freeze", timedelta(minutes=15))
    registry.router(endpoints.router)
    registry.router(submission_pages.router)
    registry.router(training_pages.router)
    registry.router(pages.router)
    web_of(registry).templates(Path(__file__).parent / "templates")
    web_of(registry).nav(NavEntry("Báo cáo năm", "/quan-tri/bao-cao", Permission.READ, order=90, key="report"))
    web_of(registry).card(DashboardCard("report", "Báo cáo năm", "reports/card.html", dashboard_card.load, order=90))
