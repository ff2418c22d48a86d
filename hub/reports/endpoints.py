"""GET /api/v1/reports/annual: the annual report of an area as XLSX, PDF or HTML (audited)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Response

from hub.http.deps import CurrentPrincipal, WriteUow
from hub.reports import service
from hub.reports.service import Export

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])


def attachment(made: Export) -> Response:
    """The file as a download with its name (RFC 6266, ASCII names only)."""
    disposition = f"attachment; filename=\"{made.filename}\"; filename*=UTF-8''{quote(made.filename)}"
    return Response(made.content, media_type=made.media_type, headers={"Content-Disposition": disposition})


@router.get(
    "/annual",
    summary="Báo cáo năm về thông tin cơ sở của một địa bàn",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}, "text/html": {}}}},
)
def annual(
    uow: WriteUow,
    principal: CurrentPrincipal,
    area: Annotated[str, Query(description="Mã địa bàn: số liệu của địa bàn và các địa bàn trực thuộc.")],
    year: Annotated[
        int | None, Query(ge=2000, le=9998, description="Năm báo cáo (kỳ 15/12 năm trước – 14/12).")
    ] = None,
    format: Annotated[Literal["xlsx", "pdf", "html"], Query()] = "xlsx",
    from_: Annotated[date | None, Query(alias="from", description="Ngày đầu kỳ, nếu khác 15/12.")] = None,
    to: Annotated[date | None, Query(description="Ngày cuối kỳ, nếu khác 14/12.")] = None,
) -> Response:
    return attachment(service.export(uow, principal, area, format, year, first_day=from_, last_day=to))
