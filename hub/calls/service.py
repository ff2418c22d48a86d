"""Use cases of call records: the hotline writes one per call; officials list them in their area.

A caller's number is shown in full to approvers and admins of the call's area (as on feedback
cases, `hub.feedback.privacy.may_see_phone`), masked for everyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hub.accounts.access import areas_for
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import Area
from hub.calls.model import CallRecord
from hub.calls.repository import CallFilter, CallRepository
from hub.config import Settings
from hub.contacts.model import Contact, mask_phone
from hub.db.uow import UnitOfWork
from hub.feedback import privacy
from hub.feedback import service as feedback
from hub.feedback.intake.attachments import AttachmentStore
from hub.kit.errors import NotFound


@dataclass(frozen=True)
class CallView:
    record: CallRecord
    area: Area | None
    caller: str | None
    caller_masked: bool


@dataclass(frozen=True)
class CallPage:
    items: list[CallView]
    total: int


def record(
    uow: UnitOfWork,
    contact: Contact | None,
    area: Area | None,
    *,
    call_ref: str,
    started_at: datetime,
    ended_at: datetime,
    path: list[str],
    result: str,
    case_code: str | None = None,
) -> CallRecord:
    """Keep one call (the hotline, as the system)."""
    where = area or uow.areas.root()
    made = CallRecord.of(
        call_ref,
        contact.id if contact else None,
        where.id if where else None,
        where.path if where else "/",
        started_at,
        ended_at,
        path,
        result,
        case_code,
    )
    return CallRepository(uow.session).add(made)


def _visibility(principal: Principal) -> CallFilter:
    seen = areas_for(principal, Permission.READ)
    return CallFilter(everything=seen.everything, visible=seen.subtrees)


def list_calls(
    uow: UnitOfWork,
    principal: Principal,
    *,
    area_code: str | None = None,
    started_from: datetime | None = None,
    started_to: datetime | None = None,
    results: tuple[str, ...] = (),
    limit: int = 50,
    offset: int = 0,
) -> CallPage:
    seen = _visibility(principal)
    flt = CallFilter(
        visible=seen.visible,
        everything=seen.everything,
        area_path=areas.get(uow, area_code).path if area_code else None,
        started_from=started_from,
        started_to=started_to,
        results=results,
    )
    rows, total = CallRepository(uow.session).list(flt, limit=limit, offset=offset)
    found = uow.areas.by_ids({r.area_id for r in rows if r.area_id is not None})
    callers = uow.contacts.by_ids([r.contact_id for r in rows if r.contact_id is not None])
    views = []
    for row in rows:
        area = found.get(row.area_id) if row.area_id is not None else None
        contact = callers.get(row.contact_id) if row.contact_id is not None else None
        number = contact.phone_number if contact else None
        full = area is not None and privacy.may_see_phone(principal, area)
        views.append(CallView(row, area, number if full else mask_phone(number), not full and number is not None))
    return CallPage(views, total)


def summary(
    uow: UnitOfWork, principal: Principal, *, started_from: datetime, started_to: datetime
) -> dict[str, tuple[int, int]]:
    """Calls and seconds per result in the principal's area over a period (the annual report)."""
    seen = _visibility(principal)
    flt = CallFilter(visible=seen.visible, everything=seen.everything, started_from=started_from, started_to=started_to)
    return CallRepository(uow.session).counts(flt)


def recording_path(uow: UnitOfWork, principal: Principal, settings: Settings, code: str) -> tuple[Path, str]:
    """The file of a hotline case's recording, for an official who may read the case."""
    case = feedback.get(uow, principal, code)
    path = None
    if case.audio_ref and not case.audio_ref.startswith(("http://", "https://")):
        try:
            path = AttachmentStore.from_settings(settings).path(case.audio_ref)
        except ValueError:
            path = None
    if path is None or not path.is_file():
        raise NotFound(f"Phản ánh {case.code} không có bản ghi âm.", code="recording_not_found")
    return path, f"{case.code}.wav"
