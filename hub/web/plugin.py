"""The officials' web app joins the hub like any plugin: its pages, menu and dashboard cards."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from hub.accounts.model import Permission
from hub.plugins import Registry
from hub.web.dashboard_cards import BUILTIN_CARDS
from hub.web.extensions import NavEntry, web_of
from hub.web.pages import areas, audit, auth, bulletins, compose, dashboard, emergency, help, users
from hub.web.templating import STATIC_DIRS

MENU = (
    NavEntry("Tổng quan", "/quan-tri/", Permission.READ, order=10, key="dashboard"),
    NavEntry("Tin", "/quan-tri/tin", Permission.READ, order=20, key="bulletins"),
    NavEntry("Phát khẩn cấp", "/quan-tri/khan-cap", Permission.APPROVE, order=25, key="emergency"),
    NavEntry("Địa bàn", "/quan-tri/dia-ban", Permission.READ, order=60, key="areas"),
    NavEntry("Tài khoản", "/quan-tri/tai-khoan", Permission.MANAGE_USERS, order=70, key="users"),
    NavEntry("Nhật ký", "/quan-tri/nhat-ky", Permission.MANAGE_USERS, order=80, key="audit"),
    NavEntry("Hướng dẫn", "/quan-tri/huong-dan/", None, order=90, key="help"),
)


def static_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    router.mount("/static/web", StaticFiles(directory=STATIC_DIRS["web"]), name="static-web")
    return router


def admin_alias_router() -> APIRouter:
    """`/admin` is where newcomers (and other products' habits) look for the officials' pages."""
    router = APIRouter(include_in_schema=False)

    @router.get("/admin")
    @router.get("/admin/")
    def admin_alias() -> RedirectResponse:
        return RedirectResponse("/quan-tri/", status_code=308)

    return router


def register(registry: Registry) -> None:
    for module in (auth, dashboard, bulletins, compose, emergency, users, areas, audit, help):
        registry.router(module.router)
    registry.router(static_router())
    registry.router(admin_alias_router())
    for entry in MENU:
        web_of(registry).nav(entry)
    for card in BUILTIN_CARDS:
        web_of(registry).card(card)
