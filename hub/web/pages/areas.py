"""Areas: find one (no diacritics needed), browse the tree, and — for admins — add villages and
other names (aliases) through `hub.areas.service`."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from hub.accounts.access import can
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import AreaLevel
from hub.areas.service import VILLAGE_KINDS
from hub.db.uow import UnitOfWork
from hub.http.deps import ReadUow, WriteUow
from hub.http.params import Id
from hub.kit.errors import HubError
from hub.web import forms
from hub.web.routing import FormDep, Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

router = page_router("/quan-tri/dia-ban")


@router.get("", name="web.areas")
def areas_page(request: Request, official: Official, uow: ReadUow, q: str = "") -> HTMLResponse:
    q = q.strip()[:200]
    matches = areas.search(uow, q, limit=30) if q else []
    context = {
        "title": "Địa bàn",
        "current": "areas",
        "q": q,
        "matches": matches,
        "mine": [(s.area_code, s.area_name) for s in official.scopes],
    }
    return render(request, "web/areas/index.html", context)


def _detail(
    uow: UnitOfWork, official: Principal, code: str, error: HubError | None, values: dict[str, str]
) -> dict[str, Any]:
    area, ancestors, children, aliases = areas.detail(uow, code)
    return {
        "title": area.name,
        "current": "areas",
        "area": area,
        "ancestors": ancestors,
        "children": children,
        "aliases": aliases,
        "office": areas.office_of(uow, area) if area.level == AreaLevel.COMMUNE else None,
        "manages": can(official, Permission.MANAGE_AREAS, area),
        "kinds": VILLAGE_KINDS,
        "error": error,
        "values": values,
    }


@router.get("/{code}", name="web.area")
def area_page(request: Request, official: Official, uow: ReadUow, code: str) -> HTMLResponse:
    return render(request, "web/areas/detail.html", _detail(uow, official, code, None, {}))


@router.post("/{code}/them-thon")
def add_village(
    request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep, code: str
) -> Response:
    values = {"name": forms.text(form, "name"), "kind": forms.text(form, "kind")}
    try:
        village = areas.add_village(uow, official, code, values["name"], values["kind"] or "thôn")
    except HubError as exc:
        uow.rollback()
        return render(request, "web/areas/detail.html", _detail(uow, official, code, exc, values), status=exc.status)
    session.flash(f"Đã thêm {village.name} (mã {village.code}).")
    return see_other(f"/quan-tri/dia-ban/{code}")


@router.post("/{code}/lien-he")
def set_office(
    request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep, code: str
) -> Response:
    values = {"phone": forms.text(form, "phone"), "hours": forms.text(form, "hours")}
    try:
        office = areas.set_office(uow, official, code, values["phone"], values["hours"])
    except HubError as exc:
        uow.rollback()
        return render(request, "web/areas/detail.html", _detail(uow, official, code, exc, values), status=exc.status)
    session.flash(
        "Đã lưu số điện thoại và giờ làm việc."
        if office.phone or office.hours
        else "Đã bỏ số điện thoại và giờ làm việc riêng: dùng giá trị chung."
    )
    return see_other(f"/quan-tri/dia-ban/{code}")


@router.post("/{code}/ten-goi-khac")
def add_alias(
    request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep, code: str
) -> Response:
    values = {"alias": forms.text(form, "alias"), "note": forms.text(form, "note")}
    try:
        areas.add_alias(uow, official, values["alias"], [code], values["note"])
    except HubError as exc:
        uow.rollback()
        return render(request, "web/areas/detail.html", _detail(uow, official, code, exc, values), status=exc.status)
    session.flash(f"Đã thêm tên gọi khác “{values['alias']}”.")
    return see_other(f"/quan-tri/dia-ban/{code}")


@router.post("/{code}/xoa-ten-goi-khac/{alias_id:int}")
def remove_alias(
    request: Request, official: Official, uow: WriteUow, session: WebSessionDep, code: str, alias_id: Id
) -> Response:
    try:
        areas.remove_alias(uow, official, alias_id)
    except HubError as exc:
        uow.rollback()
        return render(request, "web/areas/detail.html", _detail(uow, official, code, exc, {}), status=exc.status)
    session.flash("Đã xóa tên gọi khác.")
    return see_other(f"/quan-tri/dia-ban/{code}")
