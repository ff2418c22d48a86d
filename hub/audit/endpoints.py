"""Reading the audit log (admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from hub.audit import service
from hub.audit.schemas import AuditOut
from hub.http.deps import CurrentPrincipal, ReadUow
from hub.http.paging import Limit, Offset

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


@router.get("", response_model=list[AuditOut], summary="Nhật ký thao tác (mới nhất trước)")
def search(
    uow: ReadUow,
    principal: CurrentPrincipal,
    entity_type: Annotated[str | None, Query()] = None,
    actor: Annotated[str | None, Query()] = None,
    since: Annotated[datetime | None, Query()] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[AuditOut]:
    rows = service.search(
        uow, principal, entity_type=entity_type, actor_name=actor, since=since, limit=limit, offset=offset
    )
    return [AuditOut.of(e) for e in rows]
