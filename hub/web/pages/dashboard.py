"""The dashboard of one area: the cards registered by the web app and by plugins, in slot order."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from hub.accounts.access import scopes_for
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import Area
from hub.context import Hub
from hub.db.uow import UnitOfWork
from hub.http.deps import HubDep, ReadUow
from hub.kit.errors import NotFound
from hub.kit.time import utcnow
from hub.web.extensions import CardContext, DashboardCard, web_of
from hub.web.routing import Official, page_router
from hub.web.templating import render

log = logging.getLogger(__name__)
router = page_router("/quan-tri")


@dataclass(frozen=True)
class LoadedCard:
    card: DashboardCard
    data: Any
    failed: bool = False


def chosen_area(uow: UnitOfWork, official: Principal, code: str | None) -> Area:
    """The area a page is about: the one asked for, else the official's first area."""
    if code:
        return areas.typed(uow, code)
    if not official.scopes:
        raise NotFound("Tài khoản của bạn chưa được gán địa bàn nào. Hãy liên hệ quản trị.", code="no_area")
    return areas.get(uow, official.scopes[0].area_code)


def area_choices(official: Principal, current: Area) -> list[tuple[str, str]]:
    choices = list(dict.fromkeys((s.area_code, s.area_name) for s in official.scopes))
    if current.code not in {code for code, _ in choices}:
        choices.append((current.code, current.name))
    return choices


def load_cards(hub: Hub, ctx: CardContext, only: str | None = None) -> list[LoadedCard]:
    loaded = []
    for card in sorted(web_of(hub.registry).cards, key=lambda c: (c.order, c.key)):
        if (only and card.key != only) or not scopes_for(ctx.principal, card.permission):
            continue
        try:
            data = card.load(ctx)
        except Exception:  # one broken card must not take the whole dashboard down
            log.exception("dashboard card %s failed", card.key)
            loaded.append(LoadedCard(card, None, failed=True))
            continue
        if data is not None:
            loaded.append(LoadedCard(card, data))
    return loaded


@router.get("/", name="web.dashboard")
def dashboard(request: Request, hub: HubDep, official: Official, uow: ReadUow, area: str | None = None) -> HTMLResponse:
    current = chosen_area(uow, official, area)
    ctx = CardContext(uow, official, current, utcnow())
    context = {
        "title": f"Tổng quan — {current.name}",
        "current": "dashboard",
        "area": current,
        "choices": area_choices(official, current),
        "cards": load_cards(hub, ctx),
        "may_alert": bool(scopes_for(official, Permission.APPROVE)),
    }
    return render(request, "web/dashboard.html", context)


@router.get("/the/{key}", name="web.card")
def card(request: Request, hub: HubDep, official: Official, uow: ReadUow, key: str, area: str) -> HTMLResponse:
    """One card again (htmx refreshes the dashboard's cards every minute)."""
    current = chosen_area(uow, official, area)
    found = load_cards(hub, CardContext(uow, official, current, utcnow()), only=key)
    if not found:
        return HTMLResponse("")
    return render(request, "web/_card.html", {"item": found[0], "area": current})
