"""Citizens' personal data: who sees it, what a citizen may ask to see, how long it is kept.

Who sees a citizen's phone number (and a caller's number on the hotline): the leaders (approvers)
and admins whose area covers the unit answering the case. They sign the answers and may need to
call a citizen back. Editors (who receive and draft) and viewers see it masked ("0905***456") in
lists, in case details and in exports. Names are shown to the officials who handle the case. A
citizen who gave no consent has no name or phone stored at all.

Retention (`TTCS_PERSONAL_DATA_RETENTION_DAYS`): a citizen not heard from for that long, with no
case still open, is anonymised (name, phone, e-mail and channel identity erased, texts of the
messages sent to them replaced); finished cases older than that lose their recording, photos,
coordinates and address. Counts for the reports stay right. The audit log never holds personal
data, since it cannot be rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hub.accounts.access import areas_with_role, require
from hub.accounts.model import Permission, Principal, Role
from hub.areas.model import Area
from hub.audit.service import record
from hub.contacts.model import CHANNEL_LABELS, Contact, mask_phone, normalise_phone
from hub.db.uow import UnitOfWork
from hub.feedback.config import FeedbackConfig
from hub.feedback.intake.attachments import AttachmentStore
from hub.feedback.model import Case
from hub.kit.errors import InvalidInput, NotFound
from hub.kit.time import utcnow

CONTACT_ROLES = frozenset({Role.APPROVER, Role.ADMIN})
ERASED = "(nội dung đã xóa theo thời hạn lưu trữ dữ liệu cá nhân)"
BATCHES = 50  # of 500 each, per daily run


def may_see_phone(principal: Principal, unit_area: Area) -> bool:
    return areas_with_role(principal, CONTACT_ROLES).covers(unit_area.path)


@dataclass(frozen=True)
class ContactView:
    """A citizen as an official sees them on a case."""

    channel: str
    channel_label: str
    name: str
    phone: str | None
    phone_masked: bool
    consent: bool
    anonymised: bool


def view(contact: Contact | None, full_phone: bool) -> ContactView | None:
    if contact is None:
        return None
    phone = contact.phone_number
    return ContactView(
        channel=contact.channel,
        channel_label=CHANNEL_LABELS.get(contact.channel, contact.channel),
        name=contact.display_name,
        phone=phone if full_phone else mask_phone(phone),
        phone_masked=bool(phone) and not full_phone,
        consent=contact.consent_personal,
        anonymised=contact.anonymised_at is not None,
    )


def export_citizen(
    uow: UnitOfWork,
    principal: Principal,
    *,
    contact_id: int | None = None,
    phone: str | None = None,
    channel: str | None = None,
    channel_user_id: str | None = None,
) -> dict[str, Any]:
    """Everything the hub holds about one citizen (a request under the personal data decree),
    for a province admin. Found by contact id, by phone number, or by channel identity."""
    root = uow.areas.root()
    assert root is not None
    require(principal, Permission.MANAGE_USERS, root)
    if contact_id is not None:
        found = [c for c in [uow.contacts.get(contact_id)] if c is not None]
    elif phone:
        found = list(uow.contacts.by_phone(normalise_phone(phone) or phone))
    elif channel and channel_user_id:
        found = [c for c in [uow.contacts.find(channel, channel_user_id)] if c is not None]
    else:
        raise InvalidInput("Cần mã người dân, số điện thoại hoặc định danh trên kênh.", code="citizen_required")
    if not found:
        raise NotFound("Không có dữ liệu của người dân này.", code="citizen_not_found")
    ids = [c.id for c in found]
    cases = uow.cases.by_contact(ids)
    messages = uow.messages.for_contacts(ids)
    record(uow, principal, "privacy.export", "contact", ",".join(str(i) for i in ids), details={"cases": len(cases)})
    return {
        "exported_at": utcnow().isoformat(),
        "contacts": [_contact_dict(c) for c in found],
        "cases": [
            {
                "code": case.code,
                "channel": case.channel,
                "received_at": case.received_at.isoformat(),
                "status": str(case.status),
                "category": case.category,
                "text": case.text,
                "transcript": case.transcript,
                "address": case.address,
                "lat": case.lat,
                "lon": case.lon,
                "answer": case.answer_text,
                "timeline": [
                    {"at": e.at.isoformat(), "action": e.action, "note": e.note} for e in case.events if e.public
                ],
            }
            for case in cases
        ],
        "messages": [
            {
                "at": m.created_at.isoformat(),
                "channel": m.channel,
                "kind": str(m.kind),
                "text": m.text,
                "status": str(m.status),
                "reference": m.reference,
            }
            for m in messages
        ],
    }


def _contact_dict(c: Contact) -> dict[str, Any]:
    return {
        "id": c.id,
        "channel": c.channel,
        "channel_user_id": c.channel_user_id,
        "name": c.display_name,
        "phone": c.phone,
        "email": c.email,
        "consent_personal": c.consent_personal,
        "consent_notify": c.consent_notify,
        "created_at": c.created_at.isoformat(),
        "last_seen_at": c.last_seen_at.isoformat(),
        "anonymised_at": c.anonymised_at.isoformat() if c.anonymised_at else None,
    }


def apply_retention(
    uow: UnitOfWork, config: FeedbackConfig, store: AttachmentStore | None, now: datetime | None = None
) -> tuple[int, int]:
    """Erase personal data past the retention period. Returns (contacts anonymised, cases cleared)."""
    if config.retention is None:
        return 0, 0
    now = now or utcnow()
    cutoff = now - config.retention
    erased: list[int] = []
    for _ in range(BATCHES):
        ids = uow.cases.stale_contacts(cutoff)
        if not ids:
            break
        for contact in uow.contacts.by_ids(ids).values():
            contact.anonymise(now)
        uow.messages.erase_text_of(ids, ERASED)
        uow.session.flush()
        erased += ids
    cases = []
    for _ in range(BATCHES):
        batch = list(uow.cases.finished_before(cutoff))
        if not batch:
            break
        _clear(uow, store, batch, now)
        cases += batch
    if erased or cases:
        record(
            uow,
            Principal.system("system"),
            "privacy.retention",
            "contact",
            "*",
            details={"contacts": len(erased), "cases": len(cases), "cutoff": cutoff.isoformat()},
        )
    return len(erased), len(cases)


def _clear(uow: UnitOfWork, store: AttachmentStore | None, cases: list[Case], now: datetime) -> None:
    images: set[str] = set()
    recordings: set[str] = set()
    for case in cases:
        if case.audio_ref and not case.audio_ref.startswith(("http://", "https://")):
            recordings.add(case.audio_ref)  # a hotline recording in the store (one per case)
        case.audio_ref = None
        case.lat = case.lon = None
        case.address = ""
        for attachment in case.attachments:
            if attachment.removed_at is None:
                attachment.removed_at = now
                if attachment.kind == "image":
                    images.add(attachment.ref)
    uow.session.flush()
    for ref in images:  # a photo is stored once per content: keep it while another case still uses it
        if store is not None and not uow.cases.attachment_in_use(ref):
            store.remove(ref)
    for ref in recordings:
        if store is not None:
            store.remove(ref)
