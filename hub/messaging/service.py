"""Use cases of the outbox: queue a message, deliver it, let its reader pick it up.

`queue` is called inside the transaction that causes the message (an answer, a forwarding); the
delivery job is written in that same transaction, so a message exists, and is delivered, exactly
when its cause was committed. `deliver` runs in that job.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from hub.accounts.model import Principal
from hub.contacts.model import Contact
from hub.db.uow import UnitOfWork
from hub.kit.errors import NotFound, Unauthorized
from hub.kit.time import utcnow
from hub.messaging import senders
from hub.messaging.model import MAILBOX_CHANNELS, STAFF, Kind, Message

if TYPE_CHECKING:
    from hub.context import Hub

DELIVER = "messaging.deliver"


def queue(
    uow: UnitOfWork,
    text: str,
    kind: Kind,
    *,
    contact: Contact | None = None,
    user_id: int | None = None,
    reference: str = "",
    choices: tuple[str, ...] = (),
    now: datetime | None = None,
    deliver_after: datetime | None = None,
) -> Message:
    """A message to a citizen (`contact`) or an official (`user_id`), delivered after commit (not
    before `deliver_after`: a channel's rate limit spreads a large notification over time)."""
    now = now or utcnow()
    channel = contact.channel if contact is not None else STAFF
    message = Message.compose(
        channel,
        kind,
        text,
        now,
        contact_id=contact.id if contact is not None else None,
        user_id=user_id,
        choices=choices,
        reference=reference,
    )
    uow.messages.add(message)
    if contact is not None and contact.anonymised_at is not None:
        message.refuse("người nhận đã được ẩn danh theo thời hạn lưu trữ", now)
        return message
    uow.session.flush()
    _enqueue(uow, message.id, now, deliver_after, new=True)  # the message is new: no job holds its key yet
    return message


def delivery_key(message_id: int) -> str:
    """The dedupe key of a message's delivery job."""
    return f"message:{message_id}"


def _enqueue(
    uow: UnitOfWork, message_id: int, now: datetime, run_after: datetime | None = None, *, new: bool = False
) -> None:
    uow.jobs.enqueue(
        DELIVER,
        {"message_id": message_id},
        now=now,
        run_after=run_after,
        dedupe_key=delivery_key(message_id),
        new_key=new,
    )


def deliver(uow: UnitOfWork, hub: Hub, message_id: int) -> Message | None:
    """Hand the message to its channel's sender and record the outcome.

    Raises whatever transient error the sender raised (the caller records the attempt and lets the
    job queue retry); `Undeliverable` is recorded here and not raised.
    """
    message = uow.messages.get(message_id, for_update=True)
    if message is None or message.done:
        return message
    now = utcnow()
    sender = hub.sender(message.channel)
    if sender is None:
        if message.channel in MAILBOX_CHANNELS:
            message.keep(now)
        return message  # otherwise: stays queued until a sender for the channel is registered
    contact = uow.contacts.get(message.contact_id) if message.contact_id else None
    try:
        provider_id = sender.send(contact, message)
    except senders.WindowClosed as exc:
        _by_phone(hub, message, contact, str(exc), now)
        return message
    except senders.Undeliverable as exc:
        message.refuse(str(exc) or "kênh từ chối tin nhắn", now)
        return message
    except senders.KeptForPickup:
        message.keep(now)
        return message
    message.mark_sent(provider_id, now)
    return message


ROUTE_LABELS = {"zns": "Zalo ZNS", "sms": "SMS"}


def _by_phone(hub: Hub, message: Message, contact: Contact | None, why: str, now: datetime) -> None:
    """The channel's window has closed: Zalo ZNS, then SMS, to the phone number the citizen
    consented to give; else the message waits for their next message. A transient failure of a
    route is raised (the job retries the whole delivery)."""
    notes = [why]
    phone = contact.phone_number if contact is not None and contact.consent_personal else None
    for route in senders.FALLBACK_ROUTES:
        sender = hub.sender(route)
        if sender is None or phone is None:
            continue
        try:
            provider_id = sender.send(contact, message)
        except senders.Undeliverable as exc:
            notes.append(f"{ROUTE_LABELS[route]} không gửi được: {exc}")
            continue
        notes.append(f"đã gửi qua {ROUTE_LABELS[route]} tới số điện thoại người dân đã đồng ý cung cấp")
        message.rerouted(route, provider_id, "; ".join(notes), now)
        return
    if phone is None:
        notes.append("người dân chưa đồng ý cung cấp số điện thoại")
    notes.append("chờ người dân nhắn tin lại hoặc tra cứu phản ánh")
    message.wait_for_citizen("; ".join(notes), now)


def release_waiting(uow: UnitOfWork, contact: Contact, now: datetime | None = None) -> int:
    """The citizen wrote again: what was kept for them (their channel's window had closed) is sent."""
    if contact.channel in MAILBOX_CHANNELS:
        return 0
    now = now or utcnow()
    found = uow.messages.kept_for(contact.id, contact.channel)
    for message in found:
        message.release(now)
        _enqueue(uow, message.id, now)
    return len(found)


def record_failure(uow: UnitOfWork, message_id: int, error: str, *, final: bool) -> None:
    message = uow.messages.get(message_id, for_update=True)
    if message is not None and not message.done:
        message.attempt_failed(error, utcnow(), final=final)


def sweep(uow: UnitOfWork, hub: Hub, now: datetime | None = None) -> int:
    """Nudge queued messages whose channel can now deliver (a sender was configured later, or a
    delivery job was lost): each gets a delivery job unless one is already pending."""
    channels = [c for c in hub.registry.senders if hub.sender(c) is not None]
    ids = uow.messages.waiting([*channels, *MAILBOX_CHANNELS], (now or utcnow()) - timedelta(minutes=1))
    for message_id in ids:
        _enqueue(uow, message_id, utcnow())
    return len(ids)


# -- reading ------------------------------------------------------------------------------------


def mailbox(uow: UnitOfWork, contact: Contact, *, after_id: int = 0, mark_read: bool = True) -> Sequence[Message]:
    """What a citizen picks up (web page, chat widget): their messages after `after_id`."""
    found = uow.messages.for_contact(contact.id, after_id=after_id)
    if mark_read:
        now = utcnow()
        for message in found:
            message.mark_read(now)
    return found


def web_mailbox(uow: UnitOfWork, sender: str, *, after_id: int = 0) -> Sequence[Message]:
    """The web channel's pick-up by the browser's random identity (never a phone number)."""
    contact = uow.contacts.find("web", sender)
    if contact is None:
        return []
    return mailbox(uow, contact, after_id=after_id)


def inbox(uow: UnitOfWork, principal: Principal, *, unread_only: bool = False, limit: int = 50) -> Sequence[Message]:
    """An official's notices (new cases in their unit, reminders, escalations)."""
    if principal.user_id is None:
        raise Unauthorized("Cần đăng nhập bằng tài khoản cán bộ.", code="official_required")
    return uow.messages.for_user(principal.user_id, unread_only=unread_only, limit=limit)


def mark_read(uow: UnitOfWork, principal: Principal, message_id: int) -> Message:
    message = uow.messages.get(message_id)
    if message is None or message.user_id is None or message.user_id != principal.user_id:
        raise NotFound(f"Không tìm thấy thông báo số {message_id}.", code="message_not_found")
    message.mark_read(utcnow())
    return message
