"""Recording what officials and the system did; every service calls `record`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from hub.accounts.access import areas_for, require_anywhere
from hub.accounts.model import Permission, Principal
from hub.audit.model import AuditEvent
from hub.db.uow import UnitOfWork
from hub.kit.time import utcnow


def record(
    uow: UnitOfWork,
    principal: Principal,
    action: str,
    entity_type: str,
    entity_id: str | int,
    *,
    from_state: str | None = None,
    to_state: str | None = None,
    reason: str = "",
    area_code: str | None = None,
    revision: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        occurred_at=utcnow(),
        actor_id=principal.user_id,
        actor_name=principal.username,
        channel=principal.channel,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        area_code=area_code,
        revision=revision,
        details=details or {},
    )
    uow.audit.add(event)
    return event


def search(
    uow: UnitOfWork,
    principal: Principal,
    *,
    entity_type: str | None = None,
    actor_name: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Sequence[AuditEvent]:
    """The log as an admin may read it: everything for a province admin, the rows about their
    own areas for an admin lower down."""
    require_anywhere(principal, Permission.MANAGE_USERS)
    within = areas_for(principal, Permission.MANAGE_USERS).limited_to
    return uow.audit.search(
        entity_type=entity_type, actor_name=actor_name, since=since, within_paths=within, limit=limit, offset=offset
    )
