"""The audit log: append-only, one row per action an official (or the system) took.

Rows are never updated or deleted; the database enforces it with triggers (see the migration).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hub.kit.ids import ASSIGNED_ON_FLUSH

# Channels an action can come from. Chat and hotline channels add their own names ("zalo" …).
WEB, API, CLI, CHAT, SYSTEM = "web", "api", "cli", "chat", "system"


@dataclass(eq=False)
class AuditEvent:
    occurred_at: datetime
    actor_id: int | None
    actor_name: str
    channel: str
    action: str
    entity_type: str
    entity_id: str
    from_state: str | None = None
    to_state: str | None = None
    reason: str = ""
    area_code: str | None = None
    revision: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
    id: int = ASSIGNED_ON_FLUSH
