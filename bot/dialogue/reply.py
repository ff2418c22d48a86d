"""Replies: text plus choices, and the ways to render them where there are no buttons.

A choice has the title a person reads and the payload sent back when it is picked, in Rasa's form
("/subscribe", `/inform_location{"area":"24169"}`): the NLU answers a payload with that intent at
full confidence. Where buttons cannot be shown the choices are numbered ("1: …", as Rasa's output
channels do), and a typed "1" picks the first one (the conversation remembers what was offered); on
the phone they become "bấm phím 1".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Choice:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    choices: tuple[Choice, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "choices": [{"title": c.title, "payload": c.payload} for c in self.choices]}

    @classmethod
    def of(cls, data: dict[str, Any]) -> Reply:
        return cls(data["text"], tuple(Choice(c["title"], c["payload"]) for c in data.get("choices", ())))


def encode_choices(choices: Iterable[Choice]) -> tuple[str, ...]:
    """Choices as the outbox keeps them (one JSON string each)."""
    return tuple(json.dumps({"title": c.title, "payload": c.payload}, ensure_ascii=False) for c in choices)


def decode_choices(stored: Sequence[str]) -> tuple[Choice, ...]:
    found = []
    for item in stored:
        try:
            data = json.loads(item)
            found.append(Choice(str(data["title"]), str(data["payload"])))
        except (ValueError, KeyError, TypeError):
            found.append(Choice(item, item))  # a plain title: the title is what the person types back
    return tuple(found)


def as_text(reply: Reply) -> str:
    """The reply for a channel without buttons: the choices numbered below the text."""
    if not reply.choices:
        return reply.text
    lines = [f"{n}: {choice.title}" for n, choice in enumerate(reply.choices, 1)]
    return reply.text + "\n" + "\n".join(lines) + "\nBà con nhắn số để chọn."


_LINK_LINE = re.compile(r"^\s*(?:Nghe|Đọc|Xem|Link|Liên kết)\s*:\s*\S+\s*$|https?://\S+", re.IGNORECASE)
_TYPING_HINTS = re.compile(r"\s*\((?:nhắn số hoặc bấm nút|bấm nút|nhắn số)\)|\s*Bà con nhắn số để chọn\.")


def spoken_text(reply: Reply) -> str:
    """The reply's text as the phone says it: no links (they cannot be heard), no bullets, no hints about
    typing or buttons; each line a sentence."""
    lines = []
    for line in reply.text.splitlines():
        line = _LINK_LINE.sub("", line)
        line = _TYPING_HINTS.sub("", line).replace("•", "").strip()
        if line:
            lines.append(line if line[-1] in ".:!?" else line + ".")
    return " ".join(lines)


def as_speech(reply: Reply) -> str:
    """The reply read on the phone: each choice as "… bấm phím N" (the hotline's menu)."""
    text = spoken_text(reply)
    if not reply.choices:
        return text
    keys = " ".join(f"{choice.title}, bấm phím {n}." for n, choice in enumerate(reply.choices, 1))
    return f"{text} {keys}"


def key_choice(choices: Sequence[str], key: str) -> str | None:
    """The payload a typed number or a pressed key picks among the payloads offered, if any."""
    key = key.strip().rstrip(".)").strip()
    if key.isdigit() and 1 <= int(key) <= len(choices):
        return choices[int(key) - 1]
    return None
