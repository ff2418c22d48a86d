"""The admin's routing rules page (`/quan-tri/quy-tac-chuyen`, issue 18 item 9): which unit answers the
feedback of an area and category, in plain Vietnamese; a rule added, or removed after a confirmation —
all through `hub.feedback.routing.rules`, the functions the API calls (authorised and audited there)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from hub.accounts.access import can
from hub.accounts.model import Permission, Principal
from hub.db.uow import UnitOfWork
from hub.feedback.config import FeedbackConfig, feedback_config
from hub.feedback.model import Route
from hub.feedback.routing import rules
from hub.http.deps import HubDep, ReadUow, WriteUow
from hub.http.params import Id
from hub.kit.errors import HubError
from hub.reports.service import area_choices
from hub.web import forms
from hub.web.routing import FormDep, Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

PAGE = "/quan-tri/quy-tac-chuyen"
router = page_router(PAGE)
ANY_CATEGORY = "Mọi lĩnh vực"


@dataclass(frozen=True)
class RuleLine:
    """A rule as an admin reads it: "Cases about <category> in <area> go to <unit> (<unit area>)"."""

    id: int
    category: str
    area_name: str
    unit_name: str
    unit_area_name: str
    created_by: str
    created_at: datetime


def lines(uow: UnitOfWork, config: FeedbackConfig, found: Sequence[Route]) -> list[RuleLine]:
    ids = {r.area_id for r in found} | {r.unit_area_id for r in found}
    names = {i: a.name for i, a in uow.areas.by_ids(ids).items()}
    labels = {c.code: c.label for c in config.categories}
    return [
        RuleLine(
            id=r.id,
            category=labels.get(r.category, r.category) if r.category else ANY_CATEGORY,
            area_name=names.get(r.area_id, ""),
            unit_name=r.unit_name,
            unit_area_name=names.get(r.unit_area_id, ""),
            created_by=r.created_by,
            created_at=r.created_at,
        )
        for r in found
    ]


def describe(line: RuleLine) -> str:
    what = "mọi phản ánh" if line.category == ANY_CATEGORY else f"phản ánh lĩnh vực “{line.category}”"
    return f"{what} ở {line.area_name} do {line.unit_name} trả lời"


def _areas(uow: UnitOfWork, official: Principal) -> list[tuple[str, str]]:
    """The areas the admin may route: their own and the communes right under them."""
    chosen = []
    for code, name in area_choices(uow, official):
        area = uow.areas.get_by_code(code)
        if area is not None and can(official, Permission.MANAGE_AREAS, area):
            chosen.append((code, name.removeprefix("— ")))
    return chosen


def _page(
    request: Request,
    uow: UnitOfWork,
    config: FeedbackConfig,
    official: Principal,
    error: HubError | None = None,
    values: dict[str, str] | None = None,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "title": "Quy tắc chuyển phản ánh",
        "current": "routes",
        "rules": lines(uow, config, rules.list_routes(uow, official)),
        "areas": _areas(uow, official),
        "categories": [(c.code, c.label) for c in config.categories],
        "any_category": ANY_CATEGORY,
        "error": error,
        "values": values or {},
    }
    return render(request, "feedback/routes.html", context, status=error.status if error else 200)


@router.get("", name="web.routes")
def routes_page(request: Request, official: Official, uow: ReadUow, hub: HubDep) -> HTMLResponse:
    return _page(request, uow, feedback_config(hub), official)


@router.post("/them")
def add_rule(
    request: Request, official: Official, uow: WriteUow, hub: HubDep, session: WebSessionDep, form: FormDep
) -> Response:
    config = feedback_config(hub)
    values = {k: forms.text(form, k) for k in ("area", "category", "unit_area", "unit_name")}
    try:
        route = rules.add_route(
            uow,
            config,
            official,
            values["area"],
            values["unit_area"] or values["area"],
            category=values["category"] or None,
            unit_name=values["unit_name"],
        )
        (line,) = lines(uow, config, [route])
    except HubError as exc:
        uow.rollback()
        return _page(request, uow, config, official, exc, values)
    session.flash(f"Đã thêm quy tắc: {describe(line)}.")
    return see_other(PAGE)


@router.get("/{route_id}/xoa", name="web.route.remove")
def confirm_remove(request: Request, official: Official, uow: ReadUow, hub: HubDep, route_id: Id) -> HTMLResponse:
    config = feedback_config(hub)
    (line,) = lines(uow, config, [rules.get_route(uow, official, route_id)])
    return render(
        request,
        "feedback/route_remove.html",
        {"title": "Xóa quy tắc", "current": "routes", "rule": line, "sentence": describe(line)},
    )


@router.post("/{route_id}/xoa")
def remove_rule(
    request: Request, official: Official, uow: WriteUow, hub: HubDep, session: WebSessionDep, route_id: Id
) -> Response:
    config = feedback_config(hub)
    try:
        (line,) = lines(uow, config, [rules.get_route(uow, official, route_id)])
        rules.remove_route(uow, official, route_id)
    except HubError as exc:
        uow.rollback()
        return _page(request, uow, config, official, exc)
    session.flash(f"Đã xóa quy tắc: {describe(line)}.")
    return see_other(PAGE)
