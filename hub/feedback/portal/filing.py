"""The web page's way in: a citizen files feedback from the portal, with no account.

The browser keeps a random id (`sender`) that the hub issues on the first filing; with it the page
picks up the answers later (`GET /api/v1/public/messages`). Name and phone are kept only when the
citizen ticks the consent box.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from hub.contacts import service as contacts
from hub.db.uow import UnitOfWork
from hub.feedback.config import FeedbackConfig
from hub.feedback.intake import filing as intake
from hub.feedback.intake.attachments import AttachmentStore, Upload


@dataclass(frozen=True)
class WebFeedback:
    text: str
    area_code: str | None = None
    category: str | None = None
    sender: str | None = None
    name: str | None = None
    phone: str | None = None
    consent: bool = False
    share_location: bool = False  # keep the GPS position in the photos (unticked: stripped)
    address: str = ""  # where, in the citizen's words ("trước nhà văn hóa thôn 2")
    images: Sequence[Upload] = ()


def source_key(kind: str, value: str) -> str:
    """A rate-limit key for an address or an application key, without keeping the value itself."""
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:32]


def file_web(
    uow: UnitOfWork, config: FeedbackConfig, store: AttachmentStore, form: WebFeedback, address: str
) -> tuple[intake.Filed, str]:
    sender = form.sender or secrets.token_urlsafe(18)
    contact = contacts.identify(uow, "web", sender)
    if form.consent:
        contacts.record_consent(uow, contact, True, name=form.name, phone=form.phone)
    filed = intake.file_case(
        uow,
        config,
        contact,
        form.text,
        area_code=form.area_code,
        category=form.category,
        images=form.images,
        image_location=form.share_location,
        store=store,
        address=form.address,
        source=source_key("ip", address),
    )
    return filed, sender
