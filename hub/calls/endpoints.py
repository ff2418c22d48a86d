"""HTTP endpoints: hotline call records for officials, and a case's recording."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from hub.calls import service
from hub.calls.model import Result
from hub.calls.schemas import CallOut
from hub.http.deps import CurrentPrincipal, HubDep, ReadUow
from hub.http.paging import Limit, Offset, Page

router = APIRouter(prefix="/api/v1", tags=["hotline"])


@router.get("/calls", response_model=Page[CallOut], summary="Cuộc gọi tổng đài trong phạm vi của bạn")
def list_calls(
    uow: ReadUow,
    principal: CurrentPrincipal,
    area: Annotated[str | None, Query(description="Mã địa bàn: cuộc gọi của địa bàn này và các địa bàn con.")] = None,
    started_from: Annotated[datetime | None, Query()] = None,
    started_to: Annotated[datetime | None, Query()] = None,
    result: Annotated[list[Result] | None, Query()] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[CallOut]:
    page = service.list_calls(
        uow,
        principal,
        area_code=area,
        started_from=started_from,
        started_to=started_to,
        results=tuple(r.value for r in result or ()),
        limit=limit,
        offset=offset,
    )
    return Page(items=[CallOut.of(v) for v in page.items], total=page.total, limit=limit, offset=offset)


@router.get("/feedback/{code}/recording", summary="Bản ghi âm phản ánh gửi qua tổng đài", response_class=FileResponse)
def recording(code: str, uow: ReadUow, principal: CurrentPrincipal, hub: HubDep) -> FileResponse:
    path, filename = service.recording_path(uow, principal, hub.settings, code)
    return FileResponse(path, media_type="audio/wav", filename=filename)
