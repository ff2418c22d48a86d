"""The officials' page of the annual report (`/quan-tri/bao-cao`): choose a year, an area and a
format, and download. The download is a plain GET (nothing changes but the audit log), so it needs
no CSRF token and its address can be bookmarked."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from hub.http.deps import ReadUow, WriteUow
from hub.kit.time import utcnow
from hub.reports import service
from hub.reports.endpoints import attachment
from hub.reports.model import Period
from hub.web.routing import Official, page_router
from hub.web.templating import render

router = page_router("/quan-tri/bao-cao")
FORMAT_LABELS = [("xlsx", "Excel (.xlsx)"), ("pdf", "PDF để in"), ("html", "Trang web (.html)")]


@router.get("", name="web.report")
def report_page(request: Request, official: Official, uow: ReadUow) -> HTMLResponse:
    current = Period.year_of(utcnow())
    years = [(str(y), f"Năm {y} ({Period.annual(y).label()})") for y in range(current, current - 5, -1)]
    context = {
        "title": "Báo cáo năm",
        "current": "report",
        "years": years,
        "year": str(current),
        "areas": service.area_choices(uow, official),
        "formats": FORMAT_LABELS,
    }
    return render(request, "reports/page.html", context)


@router.get("/tai-ve", name="web.report.download")
def download(official: Official, uow: WriteUow, area: str, year: int | None = None, format: str = "xlsx") -> Response:
    return attachment(service.export(uow, official, area, format, year))
