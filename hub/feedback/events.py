"""What happens to a citizen's case that its unit's officials hear about."""

from __future__ import annotations

from dataclasses import dataclass

from hub.kit.events import DomainEvent


@dataclass(frozen=True)
class FeedbackReceived(DomainEvent):
    case_id: int
    code: str


@dataclass(frozen=True)
class FeedbackForwarded(DomainEvent):
    """Sent on to another unit, whose officials are told as of a new case."""

    case_id: int
    code: str
