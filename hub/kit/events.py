"""Domain events: what a service says happened, as a plain frozen dataclass.

Each domain declares its events in its own `events.py` (no framework imports) and its services emit
them into the unit of work (`uow.emit(BulletinPublished(...))`). What happens next is wired by the
plugins (`hub.plugins.Registry`): handlers run inside the transaction (`before_commit`), after it
(`on_commit`, in the process) or as a durable job (`listen`, an outbox row written with the change).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from enum import Enum
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list | frozenset | set):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class DomainEvent:
    """The base of every domain event. Subclasses are frozen dataclasses whose fields are ids and
    plain values, never domain objects: a job built from an event runs in another transaction."""

    @property
    def urgent(self) -> bool:
        """Jobs caused by an urgent event run first (an emergency's audio before routine work)."""
        return False

    def payload(self) -> dict[str, Any]:
        """The event as a job payload (JSON-ready)."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}
