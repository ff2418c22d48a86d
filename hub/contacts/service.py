"""Use cases of contacts: recognise a citizen on a channel, keep what they agreed to, remember
their commune. Chat, the hotline, the web and Open311 call these; none of them needs a login."""

from __future__ import annotations

import secrets
from datetime import datetime

from hub.areas import service as areas
from hub.areas.model import Area
from hub.contacts.model import Contact
from hub.db.uow import UnitOfWork
from hub.kit.time import utcnow


def identify(uow: UnitOfWork, channel: str, channel_user_id: str, *, now: datetime | None = None) -> Contact:
    """The contact of this channel identity, created on first contact; marks it seen now."""
    now = now or utcnow()
    probe = Contact.new(channel, channel_user_id, now)  # validates and normalises the identity
    contact = uow.contacts.find(probe.channel, probe.channel_user_id)
    if contact is None:
        return uow.contacts.add_new(probe)
    contact.seen(now)
    return contact


def anonymous(uow: UnitOfWork, channel: str, *, now: datetime | None = None) -> Contact:
    """A one-off contact for a citizen who gave no identity (an Open311 report without an account)."""
    return uow.contacts.add_new(Contact.new(channel, f"anon-{secrets.token_urlsafe(12)}", now or utcnow()))


def record_consent(
    uow: UnitOfWork,
    contact: Contact,
    consent: bool,
    *,
    name: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    notify: bool | None = None,
    now: datetime | None = None,
) -> Contact:
    """Keep the name and phone the citizen gave (consent), or erase them (no consent)."""
    if consent:
        contact.consent(now or utcnow(), name=name, phone=phone, email=email, notify=notify)
    else:
        contact.withdraw_consent()
    return contact


def remember_area(uow: UnitOfWork, contact: Contact, area_code: str) -> Area:
    area = areas.get(uow, area_code)
    contact.area_id = area.id
    return area


def remembered_area(uow: UnitOfWork, contact: Contact) -> Area | None:
    return uow.areas.get(contact.area_id) if contact.area_id else None
