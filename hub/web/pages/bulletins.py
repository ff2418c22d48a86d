"""Bulletins: the filtered list, one bulletin with its history and audit trail, and the workflow
actions (submit, approve, reject, publish, withdraw), each one call of `hub.bulletins.service`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from hub.accounts.model import Principal
from hub.areas import service as areas
from hub.bulletins import service
from hub.bulletins.categories import CATEGORIES, Category
from hub.bulletins.model import PRIORITY_LABELS, STATUS_LABELS, Bulletin, Priority, Status
from hub.context import Hub
from hub.db.uow import UnitOfWork
from hub.http.deps import HubDep, ReadUow, WriteUow
from hub.http.params import Id, parse_id
from hub.kit.errors import HubError, NotFound
from hub.web import forms
from hub.web.extensions import PanelContext, web_of
from hub.web.routing import FormDep, Official, WebSessionDep, is_htmx, page_router, see_other
from hub.web.templating import render

log = logging.getLogger(__name__)
router = page_router("/quan-tri/tin")
PAGE_SIZE = 25


def vocabulary() -> dict[str, list[tuple[str, str]]]:
    return {
        "statuses": [(s.value, label) for s, label in STATUS_LABELS.items()],
        "categories": [(c.value, info.label) for c, info in CATEGORIES.items()],
        "priorities": [(p.value, label) for p, label in PRIORITY_LABELS.items()],
    }


@router.get("", name="web.bulletins")
def list_page(
    request: Request,
    official: Official,
    uow: ReadUow,
    area: str = "",
    status: str = "",
    category: str = "",
    priority: str = "",
    q: str = "",
    page: str = "1",
) -> HTMLResponse:
    number = forms.page_number(page)
    chosen = {
        "area": area.strip(),
        "status": forms.one_of(status, Status),
        "category": forms.one_of(category, Category),
        "priority": forms.one_of(priority, Priority),
        "q": q.strip()[:200],
    }
    error: HubError | None = None
    try:
        found = service.list_bulletins(
            uow,
            official,
            area_code=chosen["area"] or None,
            statuses=(chosen["status"],) if chosen["status"] else (),
            categories=(chosen["category"],) if chosen["category"] else (),
            priorities=(chosen["priority"],) if chosen["priority"] else (),
            text=chosen["q"],
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
        )
    except NotFound as exc:  # an area no name or code matches: say so above an empty list
        error, found = exc, service.Page([], 0, PAGE_SIZE, 0)
    codes = sorted({code for b in found.items for code in b.target_codes})
    names = {a.code: a.name for a in areas.resolve(uow, codes)} if codes else {}
    context = {
        "title": "Tin",
        "current": "bulletins",
        "found": found,
        "names": names,
        "chosen": chosen,
        "page": number,
        "pages": max(1, -(-found.total // PAGE_SIZE)),
        "area_choices": [(s.area_code, s.area_name) for s in official.scopes],
        "error": error,
        **vocabulary(),
    }
    template = "web/bulletins/_results.html" if is_htmx(request) else "web/bulletins/list.html"
    return render(request, template, context)


def detail_context(hub: Hub, uow: UnitOfWork, official: Principal, bulletin_id: int) -> dict[str, Any]:
    found = service.history(uow, official, bulletin_id)
    bulletin = found.bulletin
    by_id = service.areas_of(uow, bulletin)
    return {
        "title": bulletin.title,
        "current": "bulletins",
        "b": bulletin,
        "creating": by_id[bulletin.creating_area_id],
        "targets": [by_id[t.area_id] for t in bulletin.targets],
        "revisions": found.revisions,
        "events": found.events,
        "usernames": found.usernames,
        "actions": service.available_actions(uow, official, bulletin),
        "panels": _panels(hub, uow, official, bulletin),
        "error": None,
        "reason": "",
        "failed_action": "",
    }


def _panels(hub: Hub, uow: UnitOfWork, official: Principal, bulletin: Bulletin) -> list[tuple[Any, Any]]:
    shown = []
    for panel in sorted(web_of(hub.registry).bulletin_panels, key=lambda p: (p.order, p.key)):
        try:
            data = panel.load(PanelContext(uow, official, bulletin))
        except Exception:  # a broken panel must not hide the bulletin
            log.exception("bulletin panel %s failed", panel.key)
            continue
        if data is not None:
            shown.append((panel, data))
    return shown


@router.get("/{bulletin_id:int}", name="web.bulletin")
def detail(request: Request, hub: HubDep, official: Official, uow: ReadUow, bulletin_id: Id) -> HTMLResponse:
    return render(request, "web/bulletins/detail.html", detail_context(hub, uow, official, bulletin_id))


# path word → (service call, message when done)
Action = Callable[[UnitOfWork, Principal, int, Any], Bulletin]
ACTIONS: dict[str, tuple[str, Action, str]] = {
    "gui-duyet": ("submit", lambda uow, p, i, f: service.submit(uow, p, i), "Đã gửi tin đi duyệt."),
    "duyet": (
        "approve",
        lambda uow, p, i, f: service.approve(uow, p, i, expected_revision=_revision(f)),
        "Đã duyệt tin.",
    ),
    "tu-choi": ("reject", lambda uow, p, i, f: service.reject(uow, p, i, forms.text(f, "reason")), "Đã từ chối tin."),
    "phat-hanh": ("publish", lambda uow, p, i, f: service.publish(uow, p, i), "Đã phát hành tin."),
    "thu-hoi": (
        "withdraw",
        lambda uow, p, i, f: service.withdraw(uow, p, i, forms.text(f, "reason")),
        "Đã thu hồi tin.",
    ),
}


def _revision(form: Any) -> int | None:
    value = forms.text(form, "expected_revision")
    return parse_id(value)


def _action_page(verb: str) -> Callable[..., Response]:
    action, call, done = ACTIONS[verb]

    def act(
        request: Request,
        hub: HubDep,
        official: Official,
        uow: WriteUow,
        session: WebSessionDep,
        form: FormDep,
        bulletin_id: Id,
    ) -> Response:
        try:
            bulletin = call(uow, official, bulletin_id, form)
        except HubError as exc:
            uow.rollback()
            context = detail_context(hub, uow, official, bulletin_id)
            context.update(error=exc, reason=forms.raw(form, "reason"), failed_action=action)
            return render(request, "web/bulletins/detail.html", context, status=exc.status)
        message = done
        if action == "approve" and bulletin.status == Status.PUBLISHED:
            message = "Đã duyệt và phát hành tin (thời điểm bắt đầu đã đến)."
        session.flash(message)
        return see_other(f"/quan-tri/tin/{bulletin_id}")

    return act


for _verb in ACTIONS:
    router.add_api_route(f"/{{bulletin_id:int}}/{_verb}", _action_page(_verb), methods=["POST"], name=f"web.{_verb}")
