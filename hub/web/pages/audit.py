"""The audit log for admins (a province admin sees everything, a commune admin their commune)."""

from __future__ import annotations

from datetime import datetime, time

from fastapi import Request
from fastapi.responses import HTMLResponse

from hub.audit import service as audit
from hub.http.deps import HubDep, ReadUow
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
    }
    return render(request, "web/audit.html", context)
