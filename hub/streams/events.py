"""What happens to relays: the programme changed, an upstream failed or came back."""

from __future__ import annotations

from dataclasses import dataclass

from hub.kit.events import DomainEvent


@dataclass(frozen=True)
class RelayProgrammeChanged(DomainEvent):
    """Relay windows or sources changed: the devices of these areas must collect again."""

    area_paths: tuple[str, ...]


@dataclass(frozen=True)
class RelayFailed(RelayProgrammeChanged):
    """The upstream of a relay failed while a window was open: devices fall back to their schedule
    and the device operators of the areas are told."""

    source_id: int = 0
    error: str = ""


@dataclass(frozen=True)
class RelayRecovered(RelayProgrammeChanged):
    source_id: int = 0


@dataclass(frozen=True)
class LiveChanged(DomainEvent):
    """A live broadcast started or stopped: the devices of these areas collect again (at once when it
    interrupts)."""

    broadcast_id: int
    area_paths: tuple[str, ...]
    interrupt: bool
    live: bool
