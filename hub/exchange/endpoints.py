"""The officials' view of the exchange: the backlog of what waits to go upward."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from hub.exchange import service
from hub.http.deps import CurrentPrincipal, HubDep, ReadUow

router = APIRouter(prefix="/api/v1/exchange", tags=["exchange"])


class BacklogOut(BaseModel):
    configured: bool
    waiting: int
    oldest: datetime | None
    sent: int
    failures: int
    next_attempt_at: datetime | None
    last_error: str
    last_sent_at: datetime | None


@router.get("/upstream", response_model=BacklogOut, summary="Hàng đợi báo cáo lên hệ thống cấp trên")
def backlog(uow: ReadUow, hub: HubDep, principal: CurrentPrincipal) -> BacklogOut:
    return BacklogOut(**service.upstream_backlog(uow, principal, hub.settings).__dict__)
