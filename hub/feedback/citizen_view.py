"""What a citizen sees of a case, by its code, without logging in.

Codes are sequential, so anyone can type someone else's. Without proof of being the reporter a
visitor sees only what says nothing about the person: the status, the dates, the area and unit,
the category and how many people raised it. The citizen who filed it, recognised by the access key
given with the code (web, Open311) or by their channel identity (chat, the hotline's caller number),
also sees the answer, the reasons and the notes. Complaints and denunciations show no category.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import datetime

from hub.contacts.model import Contact
from hub.db.uow import UnitOfWork
from hub.feedback.config import FeedbackConfig
from hub.feedback.model import PUBLIC_LABELS, STATUS_LABELS, Case, Status, parse_code
from hub.kit.errors import NotFound
from hub.kit.time import local, utcnow


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    label: str
    note: str


@dataclass(frozen=True)
class PublicStatus:
    code: str
    status: str
    status_label: str
    category_label: str
    area_name: str
    unit_name: str
    received_at: datetime
    due_at: datetime
    updated_at: datetime
    overdue: bool
    reporters: int
    merged_into: str | None
    is_reporter: bool
    answer: str | None = None
    answered_at: datetime | None = None
    reason: str | None = None
    forwarded_to: str | None = None
    timeline: list[PublicEvent] = field(default_factory=list)


def find(uow: UnitOfWork, code: str) -> Case:
    parsed = parse_code(code, local(utcnow()).year)
    case = uow.cases.get_by_code(parsed) if parsed else None
    if case is None:
        raise NotFound(
            f"Không tìm thấy phản ánh mã “{code}”. Vui lòng kiểm tra lại mã (ví dụ PA-2026-000123).",
            code="case_not_found",
        )
    return case


def is_reporter(case: Case, *, key: str | None = None, contact: Contact | None = None) -> bool:
    if key and hmac.compare_digest(key.encode(), case.access_key.encode()):
        return True
    return contact is not None and contact.id is not None and contact.id == case.contact_id


def status(
    uow: UnitOfWork,
    config: FeedbackConfig,
    code: str,
    *,
    key: str | None = None,
    contact: Contact | None = None,
) -> PublicStatus:
    case = find(uow, code)
    mine = is_reporter(case, key=key, contact=contact)
    followed = case
    if case.merged_into_id is not None:
        followed = uow.cases.get(case.merged_into_id) or case
    area = uow.areas.get(followed.area_id)
    now = utcnow()
    label = "" if followed.confidential else config.categories.get(followed.category).label
    events = [e for e in case.events if e.public]
    if followed is not case and case.closed_at is not None:  # merged, so closed
        events += [e for e in followed.events if e.public and e.at >= case.closed_at]
    timeline = [PublicEvent(e.at, PUBLIC_LABELS.get(e.action, e.action), e.note if mine else "") for e in events]
    return PublicStatus(
        code=case.code or "",
        status=str(followed.status),
        status_label=STATUS_LABELS[Status(followed.status)],
        category_label=label,
        area_name=area.name if area else "",
        unit_name=followed.unit_name,
        received_at=case.received_at,
        due_at=followed.due_at,
        updated_at=max(case.updated_at, followed.updated_at),
        overdue=followed.is_overdue(now),
        reporters=followed.reporters,
        merged_into=followed.code if followed is not case else None,
        is_reporter=mine,
        answer=(followed.answer_text or None) if mine else None,
        answered_at=followed.answered_at,
        reason=(case.status_reason or None) if mine else None,
        forwarded_to=followed.forwarded_to or None,
        timeline=sorted(timeline, key=lambda e: e.at),
    )
