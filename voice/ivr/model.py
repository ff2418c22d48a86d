"""The words the call flow and its session speak to each other, and what the flow needs from the hub.

The flow (`voice.ivr.flow`) is pure: it is given events and answers with actions. The session
(`voice.ivr.session`) carries the actions out on a call leg and turns what happens on the line into
events. The backend (`bot.hotline.backend` for the hub; the flow's tests bring their own) answers the flow's questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

# -- what is played -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Say:
    """Text spoken by the speech pipeline (cached)."""

    text: str


@dataclass(frozen=True)
class Clip:
    """Telephone audio already made (a bulletin's 8 kHz rendering): 8 kHz μ-law, or a file of it."""

    label: str
    ulaw: bytes = b""
    path: str = ""


@dataclass(frozen=True)
class Tone:
    """The beep before recording."""


@dataclass(frozen=True)
class Playback:
    """The caller's own recording, played back for confirmation."""


Piece = Say | Clip | Tone | Playback

# -- actions (flow → session) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Play:
    """Stop whatever plays and play these; the flow hears `played()` when all of it was sent."""

    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Listen:
    """Wait for a key (or a word) this long after the prompt ended; then `timeout()`."""

    seconds: float
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Record:
    max_seconds: int
    silence_seconds: float


@dataclass(frozen=True)
class StopRecording:
    pass


@dataclass(frozen=True)
class DiscardRecording:
    pass


@dataclass(frozen=True)
class HangUp:
    pass


Action = Play | Listen | Record | StopRecording | DiscardRecording | HangUp

# -- what the flow asks of the hub -----------------------------------------------------------------


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    group: str = ""  # the former district (before the 2025 reform) it is listed under on the keypad


@dataclass(frozen=True)
class Item:
    """Something to read to the caller: an introduction, then the audio (or the text to speak)."""

    intro: str
    clip: Clip | None = None
    text: str = ""


@dataclass(frozen=True)
class Offer:
    """A choice the chat dialogue offered, as a key on the phone: picking it sends `reply` back to the
    dialogue, or runs the hotline's own menu key `menu_key` (what needs the voice rather than typing:
    recording feedback, keying a case code)."""

    title: str
    reply: str = ""
    menu_key: str = ""


@dataclass(frozen=True)
class Answer:
    """What the chat dialogue answered, to be read aloud, and the choices it offered."""

    text: str
    offers: tuple[Offer, ...] = ()


@dataclass(frozen=True)
class Caller:
    number: str
    commune: Commune | None  # remembered from an earlier call


@dataclass
class Recording:
    """What the session recorded: a reference in the feedback store, its length, what was heard."""

    ref: str
    seconds: float
    speech: bool  # something louder than line noise was heard
    transcript: str = ""


@dataclass
class CallSummary:
    call_id: str
    caller: str
    commune_code: str | None
    started_at: float  # UNIX time
    ended_at: float
    path: list[str] = field(default_factory=list)
    result: str = "hung_up"
    case_code: str | None = None


class Backend(Protocol):
    def caller(self, number: str) -> Caller: ...

    def communes(self) -> list[Commune]: ...

    def remember(self, number: str, commune: Commune) -> None: ...

    def emergencies(self, commune: Commune | None) -> list[Item]: ...

    def news(self, commune: Commune | None) -> list[Item]: ...

    def schedule(self, commune: Commune | None) -> list[Item]: ...

    def office(self, commune: Commune | None) -> str: ...

    def file_feedback(self, number: str, commune: Commune | None, recording: Recording, *, incomplete: bool) -> str:
        """The new case's code (raises when it could not be stored)."""
        ...

    def case_status(self, number: str, digits: str) -> str | None:
        """What to tell the caller about the case, or None when there is no such case."""
        ...

    def ask(self, number: str, commune: Commune | None, said: str) -> Answer | None:
        """One turn of the chat dialogue for the caller (`said`: a picked choice's reply, or words); None
        when the dialogue cannot serve this caller (no number)."""
        ...

    def finish(self, summary: CallSummary) -> None: ...
