"""Feedback joins the hub: tables, the officials' and citizens' routes, notices, deadlines,
retention, the `ttcs feedback` command, the officials' inbox pages and the portal's feedback pages."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from hub.accounts.model import Permission
from hub.feedback import notify, privacy, tables
from hub.feedback.config import CONFIG, build_config, feedback_config
from hub.feedback.deadlines import pages as holiday_pages
from hub.feedback.endpoints import router
from hub.feedback.events import FeedbackForwarded, FeedbackReceived
from hub.feedback.inbox import actions
from hub.feedback.inbox import moves as inbox
from hub.feedback.intake.attachments import AttachmentStore
from hub.feedback.model import ACTION_LABELS, STATUS_LABELS
from hub.feedback.portal import pages as portal_pages
from hub.feedback.portal.endpoints import router as public_router
from hub.feedback.routing import pages as route_pages
from hub.feedback.settings import FeedbackSettings
from hub.jobs.worker import JobContext
from hub.plugins import Registry
from hub.web.extensions import SLOT_CASES, SLOT_EMERGENCY, DashboardCard, NavEntry, PortalLink, web_of

UPLOAD_LIMIT = 32 * 1024 * 1024  # several photos; each is checked against TTCS_FEEDBACK_MAX_IMAGE_BYTES


def notify_new(ctx: JobContext, payload: dict[str, Any]) -> None:
    notify.new_case(ctx.uow, feedback_config(ctx.hub), int(payload["case_id"]))


def sweep(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Reminders before deadlines; overdue cases flagged and escalated."""
    notify.sweep(ctx.uow, feedback_config(ctx.hub))


def retention(ctx: JobContext, payload: dict[str, Any]) -> None:
    privacy.apply_retention(ctx.uow, feedback_config(ctx.hub), AttachmentStore.from_settings(ctx.settings))


def register(registry: Registry) -> None:
    registry.settings(FeedbackSettings)
    registry.audit_labels(
        {
            **{f"feedback.{verb}": f"{label} phản ánh" for verb, label in ACTION_LABELS.items()},
            "feedback.route.add": "thêm quy tắc chuyển phản ánh",
            "feedback.route.remove": "xóa quy tắc chuyển phản ánh",
            "privacy.export": "xuất dữ liệu cá nhân",
            "holiday.add": "thêm ngày nghỉ lễ",
            "holiday.remove": "bỏ ngày nghỉ lễ",
        },
        {"feedback_case": "Phản ánh", "feedback_route": "Quy tắc chuyển", "public_holiday": "Ngày nghỉ lễ"},
        {"feedback_case": STATUS_LABELS},
    )
    registry.tables(tables.map_tables)
    registry.service(CONFIG, lambda hub: build_config(hub.settings))
    registry.router(router)
    registry.router(public_router)
    registry.body_limit("/api/v1/public/feedback", UPLOAD_LIMIT)
    registry.router(actions.router)  # the inbox's pages and its moves
    registry.router(portal_pages.router)
    registry.body_limit("/phan-anh", UPLOAD_LIMIT)
    web_of(registry).templates(Path(__file__).parent / "templates")
    web_of(registry).nav(NavEntry("Phản ánh", "/quan-tri/phan-anh", Permission.READ, order=30, key="feedback"))
    web_of(registry).card(
        DashboardCard("feedback", "Phản ánh đến hạn, quá hạn", "feedback/card.html", inbox.card, order=SLOT_CASES)
    )
    # Public holidays (deadlines skip them): the admin's page, and a card while a year is missing.
    registry.router(holiday_pages.router)
    web_of(registry).nav(
        NavEntry("Ngày nghỉ lễ", "/quan-tri/ngay-nghi-le", Permission.MANAGE_AREAS, order=75, key="holidays")
    )
    # Routing rules (which unit answers an area's cases of a category): the admin's page.
    registry.router(route_pages.router)
    web_of(registry).nav(
        NavEntry("Quy tắc chuyển phản ánh", route_pages.PAGE, Permission.MANAGE_AREAS, order=76, key="routes")
    )
    web_of(registry).card(
        DashboardCard(
            "holidays",
            "Lịch nghỉ lễ",
            "feedback/holidays_card.html",
            holiday_pages.card,
            permission=Permission.MANAGE_AREAS,
            order=SLOT_EMERGENCY - 5,
        )
    )
    web_of(registry).portal_link(
        PortalLink("Gửi phản ánh", "/phan-anh?xa={area_code}", "Báo việc cần chính quyền xử lý", 10)
    )
    web_of(registry).portal_link(PortalLink("Tra cứu phản ánh", "/tra-cuu", "Xem kết quả bằng mã phản ánh", 20))
    registry.job("feedback.notify", notify_new)
    registry.listen(FeedbackReceived, "feedback.notify")
    registry.listen(FeedbackForwarded, "feedback.notify")
    registry.job("feedback.sweep", sweep)
    registry.every("feedback.sweep", timedelta(minutes=5))
    registry.job("privacy.retention", retention)
    registry.every("privacy.retention", timedelta(hours=24))
