"""The officials' feedback inbox (`/quan-tri/phan-anh`): the filtered list, one case with its
timeline and the forms of every move, and the photos citizens sent. Everything read here comes from
`hub.feedback.service`, `views` and `inbox`, the same functions the API and the CLI call, so an
official sees on the web exactly the cases (and the phone numbers) the API would give them.

The moves themselves are in `hub.feedback.inbox.actions`.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import FileResponse, HTMLResponse

from hub.accounts.model import Principal
from hub.contacts.model import CHANNEL_LABELS
from hub.db.uow import UnitOfWork
from hub.feedback import service, views
from hub.feedback.config import FeedbackConfig, feedback_config
from hub.feedback.inbox import moves as inbox
from hub.feedback.intake.attachments import AttachmentStore
from hub.feedback.model import (
    ACTION_LABELS,
    CLASSIFICATION_LABELS,
    STATUS_LABELS,
    UNANSWERED,
    Classification,
    Status,
)
from hub.http.deps import HubDep, ReadUow
from hub.http.params import Id
from hub.kit.errors import HubError
from hub.kit.time import utcnow
from hub.messaging.model import DELIVERY_LABELS
from hub.web import forms
from hub.web.routing import Official, is_htmx, page_router
from hub.web.templating import render

router = page_router("/quan-tri/phan-anh")
PAGE_SIZE = 25
OPEN = "chua-tra-loi"  # the status filter for every unanswered state
DUE = {"qua-han": "Quá hạn", "sap-den-han": "Sắp đến hạn"}


def labels(config: FeedbackConfig) -> dict[str, Any]:
    """The Vietnamese words of the feedback domain, for the templates."""
    return {
        "statuses": {s.value: label for s, label in STATUS_LABELS.items()},
        "categories": {c.code: c.label for c in config.categories},
        "classifications": {c.value: label for c, label in CLASSIFICATION_LABELS.items()},
        "channels": CHANNEL_LABELS,
        "actions": ACTION_LABELS,
        "deliveries": {d.value: label for d, label in DELIVERY_LABELS.items()},
    }


@router.get("", name="web.feedback")
def list_page(
    request: Request,
    hub: HubDep,
    official: Official,
    uow: ReadUow,
    status: str = "",
    due: str = "",
    category: str = "",
    area: str = "",
    mine: str = "",
    q: str = "",
    page: str = "1",
) -> HTMLResponse:
    config = feedback_config(hub)
    number = forms.page_number(page)
    chosen = {
        "status": status if status == OPEN else forms.one_of(status, Status),
        "due": due if due in DUE else "",
        "category": category if category in config.categories.by_code else "",
        "area": area.strip()[:20],
        "mine": "1" if mine else "",
        "q": q.strip()[:200],
    }
    statuses = tuple(s.value for s in UNANSWERED) if chosen["status"] == OPEN else (chosen["status"],)
    error: HubError | None = None
    try:
        found = service.list_cases(
            uow,
            official,
            area_code=chosen["area"] or None,
            statuses=statuses if chosen["status"] else (),
            categories=(chosen["category"],) if chosen["category"] else (),
            overdue=chosen["due"] == "qua-han",
            due_within=inbox.DUE_SOON if chosen["due"] == "sap-den-han" else None,
            mine=bool(chosen["mine"]),
            by_due=bool(chosen["due"]),  # by deadline: the latest or the most urgent first
            text=chosen["q"],
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
        )
    except HubError as exc:  # an unknown area code: say so above an empty list
        error, found = exc, service.Page([], 0, PAGE_SIZE, 0)
    context = {
        "title": "Phản ánh, kiến nghị",
        "current": "feedback",
        "found": found,
        "rows": views.rows(uow, official, found.items),
        "chosen": chosen,
        "error": error,
        "page": number,
        "pages": max(1, -(-found.total // PAGE_SIZE)),
        "status_choices": [(OPEN, "Chưa trả lời"), *((s.value, label) for s, label in STATUS_LABELS.items())],
        "due_choices": list(DUE.items()),
        "category_choices": [(c.code, c.label) for c in config.categories],
        "area_choices": list(dict.fromkeys((s.area_code, s.area_name) for s in official.scopes)),
        "labels": labels(config),
    }
    template = "feedback/_results.html" if is_htmx(request) else "feedback/list.html"
    return render(request, template, context)


def detail_context(config: FeedbackConfig, uow: UnitOfWork, official: Principal, code: str) -> dict[str, Any]:
    found = views.detail(uow, official, code)
    case = found.case
    actions = inbox.available_actions(uow, official, case)
    recording = None
    if case.audio_ref:
        external = case.audio_ref.startswith(("http://", "https://"))
        recording = case.audio_ref if external else f"/quan-tri/tong-dai/ghi-am/{case.code}"
    return {
        "title": f"Phản ánh {case.code}",
        "current": "feedback",
        "d": found,
        "c": case,
        "overdue": case.is_overdue(utcnow()),
        "recording": recording,
        "photos": [a for a in case.attachments if a.kind == "image" and a.removed_at is None],
        "links": [a for a in case.attachments if a.kind == "link" and a.removed_at is None],
        "actions": actions,
        "similar": service.similar(uow, official, case.code or "") if "merge" in actions else [],
        "assignees": inbox.assignees(uow, case) if "assign" in actions else [],
        "category_label": config.categories.get(case.category).label,
        "labels": labels(config),
        "classification_choices": [(c.value, label) for c, label in CLASSIFICATION_LABELS.items()],
        "complaint": Classification.COMPLAINT.value,
        "error": None,
        "failed_action": "",
        "typed": {},
    }


@router.get("/{code}", name="web.feedback.case")
def detail(request: Request, hub: HubDep, official: Official, uow: ReadUow, code: str) -> HTMLResponse:
    return render(request, "feedback/detail.html", detail_context(feedback_config(hub), uow, official, code))


@router.get("/anh/{attachment_id:int}", name="web.feedback.photo")
def photo(attachment_id: Id, official: Official, uow: ReadUow, hub: HubDep) -> FileResponse:
    """A photo of a case the official may read (the API's `/feedback/attachments/{id}` for the web)."""
    found = views.attachment(uow, official, attachment_id)
    return FileResponse(AttachmentStore.from_settings(hub.settings).path(found.ref), media_type=found.media_type)
