"""Messages to citizens (and notices to officials): an outbox with one delivery record each.

A message is written in the same transaction as the change that caused it (an answer, a
forwarding), so it exists exactly when that change was committed; a job then delivers it. The
record says what became of it, and the annual report counts these records:

    queued         waiting for its channel's sender (a channel without a sender yet keeps it here)
    sent           the channel accepted it
    kept           no push on this channel: kept for the citizen to pick up (web page, phone status
                   check) or for the official's inbox; or the channel's window has closed and no
                   route by phone was possible: kept until the citizen writes again (`last_error`
                   says so), then sent on their channel
    undeliverable  the channel refused it for good (Zalo's messaging window, no phone number …)
    failed         every attempt failed for a transient reason; an admin may retry the job
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from hub.kit.errors import InvalidInput
from hub.kit.ids import ASSIGNED_ON_FLUSH


class Kind(StrEnum):
    ANSWER = "answer"  # an official answer to the citizen's feedback
    STATUS = "status"  # their case changed (forwarded, merged, rejected)
    NOTIFICATION = "notification"  # news they subscribed to; notices to officials
    REPLY = "reply"  # a conversational reply (chat)


class Delivery(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    KEPT = "kept"
    UNDELIVERABLE = "undeliverable"
    FAILED = "failed"


DELIVERY_LABELS = {
    Delivery.QUEUED: "Đang chờ gửi",
    Delivery.SENT: "Đã gửi",
    Delivery.KEPT: "Lưu chờ người nhận xem",
    Delivery.UNDELIVERABLE: "Không gửi được",
    Delivery.FAILED: "Gửi lỗi",
}

# Finished: a delivery job that finds one of these does nothing (jobs may run twice).
DONE = frozenset({Delivery.SENT, Delivery.KEPT, Delivery.UNDELIVERABLE})

# Channels whose messages are picked up rather than pushed, unless a sender is registered for them.
MAILBOX_CHANNELS = frozenset({"web", "ivr", "open311", "office", "staff"})

# Notices to officials travel on this channel (their chat accounts are linked later).
STAFF = "staff"

TEXT_MAX = 4000


@dataclass(eq=False)
class Message:
    channel: str
    kind: Kind
    text: str
    status: Delivery
    created_at: datetime
    updated_at: datetime
    contact_id: int | None = None
    user_id: int | None = None
    choices: list[str] = field(default_factory=list)
    reference: str = ""
    attempts: int = 0
    last_error: str = ""
    provider_id: str | None = None
    sent_at: datetime | None = None
    read_at: datetime | None = None
    id: int = ASSIGNED_ON_FLUSH

    @classmethod
    def compose(
        cls,
        channel: str,
        kind: Kind,
        text: str,
        now: datetime,
        *,
        contact_id: int | None = None,
        user_id: int | None = None,
        choices: tuple[str, ...] = (),
        reference: str = "",
    ) -> Message:
        text = (text or "").strip()
        if not text:
            raise InvalidInput("Tin nhắn không được để trống.", code="message_empty")
        if (contact_id is None) == (user_id is None):
            raise ValueError("a message goes to exactly one contact or one official")
        return cls(
            channel=channel,
            kind=Kind(kind),
            text=text[:TEXT_MAX],
            status=Delivery.QUEUED,
            created_at=now,
            updated_at=now,
            contact_id=contact_id,
            user_id=user_id,
            choices=list(choices),
            reference=reference,
        )

    @property
    def done(self) -> bool:
        return self.status in DONE

    def mark_sent(self, provider_id: str | None, now: datetime) -> None:
        self.status = Delivery.SENT
        self.provider_id = provider_id
        self.sent_at = self.updated_at = now
        self.attempts += 1
        self.last_error = ""

    def rerouted(self, route: str, provider_id: str | None, note: str, now: datetime) -> None:
        """Sent by another route than its channel (Zalo ZNS or SMS after Zalo's window closed): the
        record then says which route carried it, and why (`note`)."""
        self.mark_sent(provider_id, now)
        self.channel = route
        self.last_error = note[:2000]

    def wait_for_citizen(self, note: str, now: datetime) -> None:
        """No route reaches the citizen now: kept until they write again (or check their case)."""
        self.keep(now)
        self.attempts += 1
        self.last_error = note[:2000]

    def release(self, now: datetime) -> None:
        """The citizen wrote again: a message kept for them goes out on their channel."""
        self.status = Delivery.QUEUED
        self.updated_at = now

    def keep(self, now: datetime) -> None:
        self.status = Delivery.KEPT
        self.updated_at = now

    def refuse(self, error: str, now: datetime) -> None:
        self.status = Delivery.UNDELIVERABLE
        self.last_error = error[:2000]
        self.attempts += 1
        self.updated_at = now

    def attempt_failed(self, error: str, now: datetime, *, final: bool) -> None:
        self.attempts += 1
        self.last_error = error[:2000]
        self.updated_at = now
        self.status = Delivery.FAILED if final else Delivery.QUEUED

    def mark_read(self, now: datetime) -> None:
        if self.read_at is None:
            self.read_at = now
