"""What the call flow needs from telephony: a call leg, and a transport that brings calls.

`voice.ivr.sip_pyvoip` implements it over SIP (pyVoIP for signalling, our own RTP), and
`tests/voice/ivr/line.py` in memory for the flow's tests. A leg reports what happens on the line to the one sink its
session attaches; the audio callbacks run on the media thread and must be quick.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class KeyPressed:
    key: str


@dataclass(frozen=True)
class Played:
    tag: object


@dataclass(frozen=True)
class HungUp:
    pass


LineEvent = KeyPressed | Played | HungUp
Sink = Callable[[LineEvent], None]


class CallLeg(Protocol):
    call_id: str
    caller: str  # the calling number as the network gave it

    def attach(self, sink: Sink) -> None:
        """Where key presses, finished playbacks and the hang-up go (set once, before anything plays)."""
        ...

    def play(self, ulaw: bytes, tag: object) -> None:
        """Queue 8 kHz μ-law audio; `Played(tag)` when it was all sent."""
        ...

    def stop_playback(self) -> None: ...

    def listen(self, on_audio: Callable[[bytes], None] | None) -> None:
        """Give what the caller says (16-bit 8 kHz PCM, 20 ms frames, in order) to `on_audio`; None stops."""
        ...

    def hangup(self) -> None: ...


class Transport(Protocol):
    def start(self, on_call: Callable[[CallLeg], None]) -> None:
        """Begin taking calls; `on_call(leg)` runs in a thread of its own for the whole call."""
        ...

    def stop(self) -> None: ...

    @property
    def registered(self) -> bool: ...
