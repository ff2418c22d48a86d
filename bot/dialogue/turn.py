"""One turn of a conversation: what the handlers get, and what they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.dialogue.recent import Recent
from bot.model import Conversation, Inbound
from hub.contacts.model import Contact
from hub.db.uow import UnitOfWork
from hub.feedback.config import FeedbackConfig
from hub.feedback.intake.attachments import AttachmentStore
from hub.kit.text import fold


@dataclass(frozen=True)
class DialogueConfig:
    public_url: str
    feedback: FeedbackConfig
    hotline: str = ""
    office_phones: dict[str, str] = field(default_factory=dict)
    max_chars: int = 2000
    recent: Recent = field(default_factory=lambda: Recent(0))
    attachments: AttachmentStore | None = None  # where photos sent by chat were kept (bot.channels.media)

    @staticmethod
    def parse_phones(spec: str) -> dict[str, str]:
        """ "24169=0262 3851 234, 24280=…" → {"24169": "0262 3851 234", …}"""
        found = {}
        for pair in spec.split(","):
            code, _, phone = pair.partition("=")
            if code.strip() and phone.strip():
                found[code.strip()] = phone.strip()
        return found


@dataclass
class Turn:
    uow: UnitOfWork
    config: DialogueConfig
    contact: Contact
    conv: Conversation
    inbound: Inbound
    text: str  # the message, or the payload of the choice a typed number picked
    parse: dict[str, Any]
    understand: Callable[[str], dict[str, Any]]
    number: int = 0  # the conversation's turns counting this one

    def again(self, text: str) -> Turn:
        """The same turn as if `text` had been sent (a question answered after asking the commune)."""
        return Turn(
            self.uow,
            self.config,
            self.contact,
            self.conv,
            self.inbound,
            text,
            self.understand(text),
            self.understand,
            self.number,
        )

    @property
    def intent(self) -> str:
        return str((self.parse.get("intent") or {}).get("name") or "nlu_fallback")

    @property
    def folded(self) -> str:
        return fold(self.text)

    def entities(self, name: str) -> list[dict[str, Any]]:
        return [e for e in self.parse.get("entities", ()) if e.get("entity") == name]

    def entity(self, name: str) -> Any:
        found = self.entities(name)
        return found[0].get("value") if found else None

    @property
    def is_payload(self) -> bool:
        return self.text.startswith("/")
