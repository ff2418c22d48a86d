"""What happens to a bulletin's audio: a recording arrives, a rendering is stored."""

from __future__ import annotations

from dataclasses import dataclass

from hub.kit.events import DomainEvent


@dataclass(frozen=True)
class RecordingUploaded(DomainEvent):
    """An official's recording of one language arrived: it is processed by the render job."""

    bulletin_id: int
    langs: tuple[str, ...]
    priority: str

    @property
    def urgent(self) -> bool:
        return self.priority == "emergency"


@dataclass(frozen=True)
class AudioRendered(DomainEvent):
    """The audio records of a bulletin changed (ready, failed or removed languages): devices of a
    live bulletin collect again."""

    bulletin_id: int
    revision: int
    langs: tuple[str, ...]
