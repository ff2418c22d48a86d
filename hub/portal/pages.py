"""The citizen portal: choose a commune (no diacritics needed), read what reaches it, search, read one
bulletin in Vietnamese, Ê Đê or M'nông. Light pages: no framework JavaScript, one small stylesheet."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from hub.areas import service as areas
from hub.areas.model import Area, AreaLevel
from hub.bulletins import service as bulletins
from hub.bulletins.model import Bulletin, Priority
from hub.context import Hub
from hub.db.uow import UnitOfWork
from hub.http.deps import HubDep, ReadUow
from hub.http.params import Id
from hub.kit.errors import NotFound
from hub.kit.time import utcnow
from hub.web.extensions import Media, web_of
from hub.web.routing import PageRoute, page_router
from hub.web.templating import render

CHOSEN = "ttcs_xa"  # cookie: the commune a citizen chose last, offered again on the home page
ONE_YEAR = 365 * 24 * 3600


class PortalRoute(PageRoute):
    error_template = "portal/error.html"


router = page_router(route_class=PortalRoute)


def _common(hub: Hub, title: str) -> dict[str, Any]:
    return {"title": title}


def _chosen(uow: UnitOfWork, request: Request) -> Area | None:
    code = request.cookies.get(CHOSEN, "")
    if not code:
        return None
    try:
        return areas.get(uow, code)
    except NotFound:  # an area removed since, or a cookie typed by hand
        return None


@router.get("/", name="portal.home")
def home(request: Request, hub: HubDep, uow: ReadUow, q: str = "") -> HTMLResponse:
    q = q.strip()[:100]
    matches = [m for m in areas.search(uow, q, limit=20) if m.area.level != AreaLevel.PROVINCE] if q else []
    context = {**_common(hub, "Chọn xã, phường"), "q": q, "matches": matches, "chosen": _chosen(uow, request)}
    return render(request, "portal/home.html", context)


@router.get("/xa", name="portal.communes")
def communes(request: Request, hub: HubDep, uow: ReadUow) -> HTMLResponse:
    found = sorted(areas.browse(uow, None, AreaLevel.COMMUNE.value, 1000), key=lambda a: a.search_key)
    return render(request, "portal/communes.html", {**_common(hub, "Tất cả xã, phường"), "communes": found})


def _excerpt(bulletin: Bulletin) -> str:
    if bulletin.summary:
        return bulletin.summary
    body = bulletin.body
    return body if len(body) <= 200 else body[:200].rsplit(" ", 1)[0] + " …"


@router.get("/xa/{code}", name="portal.commune")
def commune(request: Request, hub: HubDep, uow: ReadUow, code: str, q: str = "") -> Response:
    area, ancestors, _, _ = areas.detail(uow, code)
    if area.level == AreaLevel.PROVINCE:
        raise NotFound("Hãy chọn một xã, phường để xem tin.", code="choose_commune")
    q = q.strip()[:100]
    found = bulletins.reaching(uow, area, at=utcnow(), text=q, limit=30)
    items = [(b, _excerpt(b)) for b in found]
    links = sorted(web_of(hub.registry).portal_links, key=lambda link: (link.order, link.label))
    context = {
        **_common(hub, area.name),
        "area": area,
        "parent": ancestors[-1] if ancestors else None,
        "q": q,
        "emergencies": [(b, text) for b, text in items if b.priority == Priority.EMERGENCY],
        "items": [(b, text) for b, text in items if b.priority != Priority.EMERGENCY],
        "links": [(link, link.href.format(area_code=area.code)) for link in links],
    }
    response = render(request, "portal/commune.html", context)
    response.set_cookie(CHOSEN, area.code, max_age=ONE_YEAR, httponly=True, samesite="lax")
    return response


@router.get("/xa/{code}/tin/{bulletin_id:int}", name="portal.bulletin")
def bulletin(request: Request, hub: HubDep, uow: ReadUow, code: str, bulletin_id: Id) -> HTMLResponse:
    area = areas.get(uow, code)
    found = bulletins.public(uow, bulletin_id)
    media: list[Media] = []
    for source in web_of(hub.registry).portal_media_sources:
        media.extend(source(uow, found))
    issuer = bulletins.areas_of(uow, found)[found.creating_area_id]
    context = {**_common(hub, found.title), "area": area, "b": found, "media": media, "issuer": issuer}
    return render(request, "portal/bulletin.html", context)


@router.get("/ngoai-tuyen", name="portal.offline")
def offline(request: Request, hub: HubDep) -> HTMLResponse:
    return render(request, "portal/offline.html", _common(hub, "Không có kết nối"))
