"""What changes a commune's programme: its operating rules, a schedule, the order of its priority
bulletins. Devices of the commune (and of its villages) collect again."""

from __future__ import annotations

from dataclasses import dataclass

from hub.kit.events import DomainEvent


@dataclass(frozen=True)
class ProgrammeChanged(DomainEvent):
    area_code: str
    area_path: str
    change: str  # "rules", "schedule", "unschedule", "priority_order"


@dataclass(frozen=True)
class DeliveryChanged(DomainEvent):
    """Delivery `version` was given to `scopes` (area paths, "device:<imei>") in the committed
    transaction: the devices of those scopes must collect again (`emergency`: an emergency caused it)."""

    scopes: tuple[str, ...]
    version: int
    emergency: bool
