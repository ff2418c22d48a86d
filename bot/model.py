"""What the bot keeps: conversations, inbound messages, officials' linked chat accounts.

Every message a channel delivers becomes one `Inbound` at the edge (the channel adapter translates
the platform's payload), then one stored `InboundMessage`, deduplicated by the channel's message
id, before the channel is acknowledged. Processing it (understanding, dialogue, replies) happens
once: the row is locked and marked processed in the transaction that writes the replies.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hub.kit.ids import ASSIGNED_ON_FLUSH

STORED_TEXT_MAX = 20_000  # beyond this a message is cut when stored (the dialogue answers shortly)

RECEIVED, PROCESSED = "received", "processed"

# Kinds of inbound message.
TEXT, IMAGE, LOCATION, FOLLOW, UNFOLLOW, INFO = "text", "image", "location", "follow", "unfollow", "info"
KEPT_IMAGE = "kept:"  # a photo sent by chat, fetched, checked and stored (bot.channels.media)


@dataclass(frozen=True)
class Inbound:
    """One message from a channel, in channel-neutral form."""

    channel: str
    sender: str  # the channel's id of the person (Zalo user id, Telegram chat id, browser id)
    message_key: str  # the channel's id of the message: the same delivery twice has the same key
    kind: str = TEXT
    text: str = ""
    images: tuple[str, ...] = ()  # photos sent: URLs, `telegram:<file id>`, then `kept:<ref>` once stored
    location: tuple[float, float] | None = None  # latitude, longitude
    name: str = ""  # shared by the person (Zalo's user_submit_info)
    phone: str = ""

    def __post_init__(self) -> None:
        # NFD (as some phones send) and NFC text must read alike.
        object.__setattr__(self, "text", unicodedata.normalize("NFC", self.text or "").strip())

    def data(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        if self.images:
            found["images"] = list(self.images)
        if self.location is not None:
            found["location"] = list(self.location)
        if self.name:
            found["name"] = self.name
        if self.phone:
            found["phone"] = self.phone
        return found


@dataclass(eq=False)
class InboundMessage:
    channel: str
    message_key: str
    kind: str
    text: str
    data: dict[str, Any]
    status: str
    replies: list[dict[str, Any]]
    received_at: datetime
    contact_id: int | None = None
    processed_at: datetime | None = None
    job_id: int | None = None  # the job that processes it if its fast path does not
    id: int = ASSIGNED_ON_FLUSH

    @classmethod
    def of(cls, inbound: Inbound, contact_id: int, now: datetime) -> InboundMessage:
        return cls(
            channel=inbound.channel,
            message_key=inbound.message_key[:160],
            kind=inbound.kind,
            text=inbound.text[:STORED_TEXT_MAX],
            data=inbound.data(),
            status=RECEIVED,
            replies=[],
            received_at=now,
            contact_id=contact_id,
        )

    def as_inbound(self, sender: str) -> Inbound:
        location = self.data.get("location")
        return Inbound(
            channel=self.channel,
            sender=sender,
            message_key=self.message_key,
            kind=self.kind,
            text=self.text,
            images=tuple(self.data.get("images", ())),
            location=(float(location[0]), float(location[1])) if location else None,
            name=self.data.get("name", ""),
            phone=self.data.get("phone", ""),
        )

    @property
    def processed(self) -> bool:
        return self.status == PROCESSED

    def done(self, replies: list[dict[str, Any]], now: datetime) -> None:
        self.status = PROCESSED
        self.replies = replies
        self.processed_at = now


@dataclass(eq=False)
class Conversation:
    """Where a conversation stands: the form being filled (feedback, subscription …), its step and
    what was gathered, the payloads of the choices last offered (a typed "2" picks the second), and
    how many messages in a row were not understood."""

    contact_id: int
    updated_at: datetime
    form: str = ""
    step: str = ""
    slots: dict[str, Any] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)
    misses: int = 0
    turns: int = 0
    id: int = ASSIGNED_ON_FLUSH

    def start(self, form: str, step: str, **slots: Any) -> None:
        self.form, self.step, self.slots = form, step, dict(slots)

    def goto(self, step: str, **slots: Any) -> None:
        # A new dict each time: the JSON column is saved when the attribute is assigned.
        self.step = step
        self.slots = {**self.slots, **slots}

    def finish(self) -> None:
        self.form, self.step, self.slots = "", "", {}


@dataclass(eq=False)
class ChatLink:
    """An official's chat account (a Telegram chat, a Zalo user) linked to their hub account."""

    user_id: int
    channel: str
    channel_user_id: str
    linked_at: datetime
    id: int = ASSIGNED_ON_FLUSH
