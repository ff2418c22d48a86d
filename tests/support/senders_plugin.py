"""A stand-in chat channel for the outbox tests, loaded with TTCS_PLUGINS=tests.support.senders_plugin.

It is the channel "fakechat", a chat platform whose behaviour the test chooses (the real Zalo and
Telegram adapters are tested against their loopback servers in tests/bot). Whom it is asked to reach decides
what it does: an id starting with `refuse` is outside the messaging window (undeliverable), one
starting with `flaky` meets a channel that does not answer (transient), anyone else gets the
message. Sent messages are recorded in `SENT`.
"""

from __future__ import annotations

from hub.contacts.model import Contact
from hub.messaging.model import Message
from hub.messaging.senders import Undeliverable
from hub.plugins import Registry

SENT: list[tuple[str, str]] = []


class FakeZalo:
    def send(self, contact: Contact | None, message: Message) -> str | None:
        who = contact.channel_user_id if contact else ""
        if who.startswith("refuse"):
            raise Undeliverable("ngoài khung 7 ngày được phép nhắn tin của Zalo OA")
        if who.startswith("flaky"):
            raise ConnectionError("openapi.zalo.me không trả lời")
        SENT.append((who, message.text))
        return f"zalo-msg-{message.id}"


def register(registry: Registry) -> None:
    registry.sender("fakechat", lambda hub: FakeZalo())
