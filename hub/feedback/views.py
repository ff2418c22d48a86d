"""Read models for officials: one case in full, and the rows of an export.

Phone numbers are shown or masked here, once, by `privacy.may_see_phone`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hub.accounts.model import Principal
from hub.areas.model import Area
from hub.contacts.model import CHANNEL_LABELS
from hub.db.uow import UnitOfWork
from hub.feedback import privacy, service
from hub.feedback.config import FeedbackConfig
from hub.feedback.model import (
    CLASSIFICATION_LABELS,
    STATUS_LABELS,
    UNANSWERED,
    Attachment,
    Case,
    Classification,
    Status,
)
from hub.feedback.repository import Listed
from hub.kit.errors import NotFound
from hub.kit.time import format_local, utcnow
from hub.messaging.model import Message


@dataclass(frozen=True)
class CaseDetail:
    case: Case
    area: Area
    unit_area: Area
    contact: privacy.ContactView | None
    usernames: dict[int, str]
    merged: list[str]  # codes of the cases merged into this one
    merged_into: str | None
    messages: Sequence[Message]  # what the citizens of this case were sent


def detail(uow: UnitOfWork, principal: Principal, code: str) -> CaseDetail:
    case = service.get(uow, principal, code)
    found = uow.areas.by_ids([case.area_id, case.unit_area_id])
    unit_area = found[case.unit_area_id]
    contact = uow.contacts.get(case.contact_id) if case.contact_id else None
    ids = {i for i in (case.assignee_id, case.answered_by_id) if i is not None}
    target = uow.cases.get(case.merged_into_id) if case.merged_into_id else None
    return CaseDetail(
        case=case,
        area=found[case.area_id],
        unit_area=unit_area,
        contact=privacy.view(contact, privacy.may_see_phone(principal, unit_area)),
        usernames=uow.users.usernames(ids),
        merged=[c.code for c in uow.cases.merged_into(case.id) if c.code],
        merged_into=target.code if target else None,
        messages=uow.messages.for_reference(case.code or ""),
    )


def attachment(uow: UnitOfWork, principal: Principal, attachment_id: int) -> Attachment:
    """A photo of a case the official may read (never one erased by retention)."""
    found = uow.cases.get_attachment(attachment_id)
    case = uow.cases.get(found.case_id) if found is not None and found.case_id else None
    if found is None or case is None or found.removed_at is not None or found.kind != "image":
        raise NotFound(f"Không có ảnh số {attachment_id}.", code="attachment_not_found")
    service.get(uow, principal, case.code or "")
    return found


def names_for(uow: UnitOfWork, items: Sequence[Listed]) -> tuple[dict[int, Area], dict[int, str]]:
    """Areas and assignees of a page of cases, in two queries."""
    area_ids = {i.area_id for i in items} | {i.unit_area_id for i in items}
    return uow.areas.by_ids(area_ids), uow.users.usernames({i.assignee_id for i in items if i.assignee_id})


@dataclass(frozen=True)
class Row:
    """A listed case with its areas, assignee and reporter as the reader may see them."""

    item: Listed
    area: Area
    unit_area: Area
    assignee: str | None
    contact: privacy.ContactView | None  # the phone masked unless the reader's role allows it
    overdue: bool


def rows(uow: UnitOfWork, principal: Principal, items: Sequence[Listed]) -> list[Row]:
    """A page of cases for a list or an export, in three queries whatever its length."""
    areas, usernames = names_for(uow, items)
    contacts = uow.contacts.by_ids(i.contact_id for i in items if i.contact_id)
    now = utcnow()
    found = []
    for item in items:
        unit_area = areas[item.unit_area_id]
        contact = contacts.get(item.contact_id) if item.contact_id else None
        found.append(
            Row(
                item=item,
                area=areas[item.area_id],
                unit_area=unit_area,
                assignee=usernames.get(item.assignee_id) if item.assignee_id else None,
                contact=privacy.view(contact, privacy.may_see_phone(principal, unit_area)),
                overdue=item.status in UNANSWERED and item.due_at < now,
            )
        )
    return found


EXPORT_COLUMNS = (
    "Mã",
    "Ngày tiếp nhận",
    "Kênh",
    "Lĩnh vực",
    "Phân loại",
    "Địa bàn",
    "Đơn vị xử lý",
    "Trạng thái",
    "Hạn trả lời",
    "Ngày trả lời",
    "Đúng hạn",
    "Số người phản ánh",
    "Người phản ánh",
    "Điện thoại",
    "Nội dung",
)


def export_csv(uow: UnitOfWork, config: FeedbackConfig, principal: Principal, **filters: Any) -> str:
    """The cases a list would show, as CSV for a spreadsheet; phones masked unless the role allows."""
    page = service.list_cases(uow, principal, limit=10_000, offset=0, **filters)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    now = utcnow()
    for row in rows(uow, principal, page.items):
        item, shown = row.item, row.contact
        writer.writerow(
            (
                item.code,
                format_local(item.received_at),
                CHANNEL_LABELS.get(item.channel, item.channel),
                config.categories.get(item.category).label,
                CLASSIFICATION_LABELS[Classification(item.classification)],
                row.area.name,
                item.unit_name,
                STATUS_LABELS[Status(item.status)],
                format_local(item.due_at),
                format_local(item.answered_at),
                _on_time(item, now),
                item.reporters,
                shown.name if shown else "",
                (shown.phone or "") if shown else "",
                item.text,
            )
        )
    return "\ufeff" + out.getvalue()  # a BOM, so that spreadsheet programs read Vietnamese correctly


def _on_time(item: Listed, now: datetime) -> str:
    if item.answered_at is not None:
        return "Có" if item.answered_at <= item.due_at else "Không"
    if item.status in ("received", "assigned", "in_progress", "forwarded"):
        return "Quá hạn" if item.due_at < now else "Chưa đến hạn"
    return ""
