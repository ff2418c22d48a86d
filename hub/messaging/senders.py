"""How a message leaves the hub: one `Sender` per channel, registered by a plugin and built once
per hub (`hub.sender(channel)`), so its connections and tokens serve every message.

    registry.sender("zalo", lambda hub: ZaloSender(...) if hub.settings.zalo_token else None)

A sender does I/O only. It raises `Undeliverable` when the channel refuses the message for good
(the Zalo messaging window has closed, the number does not exist); any other exception is taken
as transient and the delivery job is retried with the job queue's backoff. A channel with no
sender keeps its messages queued (or, for mailbox channels, kept for pick-up): never lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from hub.contacts.model import Contact
    from hub.messaging.model import Message


class Undeliverable(Exception):
    """The channel refused this message permanently; retrying would not help."""


class WindowClosed(Undeliverable):
    """The channel no longer lets us write to this citizen (Zalo's 7-day window): the outbox tries
    the routes by phone number (`FALLBACK_ROUTES`), else keeps the message until they write again."""


# Tried in this order when a channel's window has closed: Zalo ZNS (a template message to the
# phone number the citizen consented to give), then SMS. Each is a sender registered under its name.
FALLBACK_ROUTES = ("zns", "sms")


class KeptForPickup(Exception):
    """No push for this recipient on this channel (a web visitor, an official without a linked chat
    account): the message is kept for them to pick up, as on a mailbox channel."""


class Sender(Protocol):
    def send(self, contact: Contact | None, message: Message) -> str | None:
        """Deliver `message` to `contact`; return the channel's id of the sent message, if any."""
        ...
