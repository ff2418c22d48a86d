"""The emergency button: an approver writes an emergency, sees exactly which areas (and, from the
plugins that know, which devices) it will interrupt, confirms, and it is approved and on air at once.
Everyone else is refused by the service, with the role they would need."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from hub.accounts.access import require_anywhere
from hub.accounts.model import Permission, Principal
from hub.bulletins import service
from hub.bulletins.categories import CATEGORIES, Category
from hub.bulletins.model import Priority
from hub.context import Hub
from hub.db.uow import UnitOfWork
from hub.http.deps import HubDep, ReadUow, WriteUow
from hub.kit.errors import HubError
from hub.web import forms
from hub.web.extensions import ImpactSection, web_of
from hub.web.pages.compose import Draft, target_choices
from hub.web.routing import FormDep, Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

log = logging.getLogger(__name__)
router = page_router("/quan-tri/khan-cap")


def _form(uow: UnitOfWork, official: Principal, draft: Draft, error: HubError | None) -> dict[str, Any]:
    return {
        "title": "Phát tin khẩn cấp",
        "current": "emergency",
        "draft": draft,
        "error": error,
        "choices": target_choices(uow, official, draft.targets, Permission.APPROVE),
        "categories": [(c.value, info.label) for c, info in CATEGORIES.items()],
    }


def impacts(hub: Hub, uow: UnitOfWork, official: Principal, targets: list[Any]) -> list[ImpactSection]:
    found = []
    for provider in web_of(hub.registry).emergency_impacts:
        try:
            section = provider(uow, official, targets)
        except Exception:  # the confirmation must still show the areas
            log.exception("emergency impact provider failed")
            section = ImpactSection(
                "Thiết bị", [], note="Không lấy được danh sách thiết bị; các địa bàn trên vẫn bị ngắt."
            )
        if section is not None:
            found.append(section)
    return found


@router.get("", name="web.emergency")
def emergency_page(request: Request, official: Official, uow: ReadUow) -> HTMLResponse:
    require_anywhere(official, Permission.APPROVE)
    draft = Draft(category=Category.DISASTER_EMERGENCY.value, priority=Priority.EMERGENCY.value)
    if len(official.scopes) == 1:
        draft.targets = [official.scopes[0].area_code]
    return render(request, "web/emergency/form.html", _form(uow, official, draft, None))


@router.post("")
def emergency(
    request: Request, hub: HubDep, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep
) -> Response:
    draft = Draft.of_form(form)
    draft.priority = Priority.EMERGENCY.value
    step = forms.text(form, "_step")
    require_anywhere(official, Permission.APPROVE)  # an editor is refused here, with the role needed
    try:
        if step in ("edit", "restore") or forms.text(form, "_action") == "restore":
            return render(request, "web/emergency/form.html", _form(uow, official, draft, None))
        content = draft.content(priority=Priority.EMERGENCY)
        if step != "issue":
            plan = service.plan_emergency(uow, official, content)
            context = {
                "title": "Xác nhận phát tin khẩn cấp",
                "current": "emergency",
                "draft": draft,
                "content": content,
                "plan": plan,
                "impacts": impacts(hub, uow, official, plan.targets),
                "fields": [
                    (k, v) for k, v in form.multi_items() if k not in ("csrf_token", "_step") and isinstance(v, str)
                ],
            }
            uow.rollback()
            return render(request, "web/emergency/confirm.html", context)
        bulletin = service.issue_emergency(uow, official, content)
    except HubError as exc:
        uow.rollback()
        return render(request, "web/emergency/form.html", _form(uow, official, draft, exc), status=exc.status)
    session.flash("Đã phát tin khẩn cấp. Các địa bàn nhận tin đang được ngắt chương trình để phát tin này.")
    return see_other(f"/quan-tri/tin/{bulletin.id}")
