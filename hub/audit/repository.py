"""Writing and reading the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from hub.areas.model import subtree_range
from hub.areas.tables import area_table
from hub.audit.model import AuditEvent
from hub.audit.tables import audit_table

c = audit_table.c


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, event: AuditEvent) -> None:
        self._session.add(event)

    def for_entity(self, entity_type: str, entity_id: str) -> Sequence[AuditEvent]:
        query = select(AuditEvent).where(c.entity_type == entity_type, c.entity_id == entity_id).order_by(c.id)
        return self._session.scalars(query).all()

    def search(
        self,
        *,
        entity_type: str | None = None,
        actor_name: str | None = None,
        since: datetime | None = None,
        within_paths: Sequence[str] | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Sequence[AuditEvent]:
        """Newest first. `within_paths`: only rows about areas inside these subtrees."""
        query = select(AuditEvent)
        if within_paths is not None:
            ranges = [
                and_(area_table.c.path >= lo, area_table.c.path < hi) for lo, hi in map(subtree_range, within_paths)
            ]
            query = query.where(c.area_code.in_(select(area_table.c.code).where(or_(*ranges))))
        if entity_type:
            query = query.where(c.entity_type == entity_type)
        if actor_name:
            query = query.where(c.actor_name == actor_name)
        if since:
            query = query.where(c.occurred_at >= since)
        return self._session.scalars(query.order_by(c.id.desc()).limit(limit).offset(offset)).all()
