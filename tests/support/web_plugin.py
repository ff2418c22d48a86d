"""A plugin as a later issue would write one: a page, a menu entry, a dashboard card, a bulletin
panel, an emergency impact, and the portal's links, media and widget (loaded with TTCS_PLUGINS)."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse

from hub.accounts.model import Permission
from hub.plugins import Registry
from hub.web.extensions import (
    SLOT_DEVICES,
    BulletinPanel,
    DashboardCard,
    ImpactSection,
    Media,
    NavEntry,
    PortalLink,
    web_of,
)
from hub.web.routing import Official, page_router
from hub.web.templating import render

router = page_router("/quan-tri/thiet-bi-thu")


@router.get("")
def devices(request: Request, official: Official) -> HTMLResponse:
    return render(request, "test/devices.html", {"title": "Thiết bị (thử)", "current": "test-devices"})


def devices_card(ctx):
    return {"online": 3, "offline": 1, "area": ctx.area.name}


def broken_card(ctx):
    raise RuntimeError("the card's data source is down")


def interrupted(uow, principal, areas):
    return ImpactSection("Thiết bị sẽ bị ngắt", [f"Cụm loa {a.name}" for a in areas])


def register(registry: Registry) -> None:
    registry.router(router)
    web_of(registry).templates(Path(__file__).parent / "web_templates")
    web_of(registry).nav(
        NavEntry("Thiết bị (thử)", "/quan-tri/thiet-bi-thu", Permission.READ, order=40, key="test-devices")
    )
    web_of(registry).card(DashboardCard("test-devices", "Thiết bị", "test/card.html", devices_card, order=SLOT_DEVICES))
    web_of(registry).card(DashboardCard("test-broken", "Thẻ hỏng", "test/card.html", broken_card, order=90))
    web_of(registry).bulletin_panel(
        BulletinPanel("test-preview", "Nghe thử", "test/panel.html", lambda ctx: ctx.bulletin.id)
    )
    web_of(registry).emergency_impact(interrupted)
    web_of(registry).portal_link(PortalLink("Gửi phản ánh", "/phan-anh-thu?xa={area_code}"))
    web_of(registry).portal_media(lambda uow, b: [Media(f"/audio-thu/{b.id}.mp3", "Nghe bản tiếng Việt")])
    web_of(registry).portal_snippet("test/widget.html")
