"""The audit log for admins (a province admin sees everything, a commune admin their commune)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time

from fastapi import Request
from fastapi.responses import HTMLResponse

from hub.areas import service as areas
from hub.audit import service as audit
from hub.db.uow import UnitOfWork
from hub.http.deps import HubDep, ReadUow
from hub.kit.errors import HubError
from hub.kit.time import as_utc
from hub.web import forms
from hub.web.routing import Official, page_router
from hub.web.templating import render

router = page_router("/quan-tri/nhat-ky")
PAGE_SIZE = 50


@router.get("", name="web.audit")
def audit_page(
    request: Request,
    official: Official,
    uow: ReadUow,
    hub: HubDep,
    entity_type: str = "",
    actor: str = "",
    since: str = "",
    page: str = "1",
) -> HTMLResponse:
    number = forms.page_number(page)
    entity_types = hub.registry.audit_entities
    entity_type = entity_type if entity_type in entity_types else ""
    start = None
    try:
        start = as_utc(datetime.combine(datetime.strptime(since, "%Y-%m-%d").date(), time())) if since else None
    except ValueError:
        since = ""
    rows = audit.search(
        uow,
        official,
        entity_type=entity_type or None,
        actor_name=actor.strip().lower() or None,
        since=start,
        limit=PAGE_SIZE + 1,
        offset=(number - 1) * PAGE_SIZE,
    )
    context = {
        "title": "Nhật ký thao tác",
        "current": "audit",
        "rows": list(rows)[:PAGE_SIZE],
        "more": len(rows) > PAGE_SIZE,
        "page": number,
        "chosen": {"entity_type": entity_type, "actor": actor.strip(), "since": since},
        "entity_types": list(entity_types.items()),
        "area_name": _area_names(uow),
    }
    return render(request, "web/audit.html", context)


def _area_names(uow: UnitOfWork) -> Callable[[str], str]:
    """An area's name for its code (a page names a few areas many times); the code if none has it."""
    known: dict[str, str] = {}

    def name(code: str) -> str:
        if code not in known:
            try:
                known[code] = areas.get(uow, code).name
            except HubError:
                known[code] = code
        return known[code]

    return name
