"""API shapes of the audit log."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from hub.audit.model import AuditEvent


class AuditOut(BaseModel):
    id: int
    occurred_at: datetime
    actor_name: str
    channel: str
    action: str
    entity_type: str
    entity_id: str
    from_state: str | None
    to_state: str | None
    reason: str
    area_code: str | None
    revision: int | None

    @classmethod
    def of(cls, e: AuditEvent) -> AuditOut:
        return cls.model_validate(e, from_attributes=True)
