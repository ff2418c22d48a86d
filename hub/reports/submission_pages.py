"""The officials' pages of the reporting duty: a commune (or the province) reviews its frozen figures
and submits its report (`/quan-tri/bao-cao/nop`); the province sees who submitted, reminds the others
and downloads the compiled report (`/quan-tri/bao-cao/tong-hop`). Every action goes through
`hub.reports.submissions`."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from hub.accounts.access import can
from hub.accounts.model import Permission, Principal
from hub.areas.model import AreaLevel
from hub.db.uow import UnitOfWork
from hub.http.deps import ReadUow, WriteUow
from hub.http.params import Id
from hub.kit.errors import HubError
from hub.kit.time import utcnow
from hub.reports import service, submissions
from hub.reports.endpoints import attachment
from hub.reports.model import Period, percent
from hub.reports.pages import FORMAT_LABELS
from hub.web import forms
from hub.web.routing import FormDep, Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

router = page_router("/quan-tri/bao-cao")
SUBMIT, COMPILE = "/quan-tri/bao-cao/nop", "/quan-tri/bao-cao/tong-hop"


def ended_year() -> int:
    """The reporting year whose period ended last (the one being reported in December)."""
    return Period.year_of(utcnow()) - 1


def _year(value: str | int | None) -> int:
    try:
        year = int(value or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= ended_year() else ended_year()


def reporting_areas(uow: UnitOfWork, official: Principal) -> list[tuple[str, str]]:
    """The communes (and the province) whose report this official may submit."""
    chosen = []
    for code, name in service.area_choices(uow, official):
        area = uow.areas.get_by_code(code)
        if area is not None and area.level != AreaLevel.VILLAGE and can(official, Permission.APPROVE, area):
            chosen.append((code, name.removeprefix("— ")))
    return chosen


def _submit_context(
    uow: UnitOfWork,
    official: Principal,
    area: str,
    year: int,
    error: HubError | None = None,
    values: dict[str, str] | None = None,
) -> dict[str, Any]:
    choices = reporting_areas(uow, official)
    codes = [c for c, _ in choices]
    area = area if area in codes else (codes[0] if codes else "")
    report = submissions.frozen_report(uow, official, area, year) if area else None
    return {
        "title": "Nộp báo cáo năm",
        "current": "report",
        "areas": choices,
        "area": area,
        "year": year,
        "years": [(str(y), f"Năm {y} ({Period.annual(y).label()})") for y in range(ended_year(), ended_year() - 4, -1)],
        "report": report,
        "history": submissions.history(uow, official, area, year) if area else [],
        "formats": FORMAT_LABELS,
        "percent": percent,
        "error": error,
        "values": values or {},
    }


@router.get("/nop", name="web.report.submit")
def submit_page(request: Request, official: Official, uow: ReadUow, area: str = "", nam: str = "") -> HTMLResponse:
    return render(request, "reports/submit.html", _submit_context(uow, official, area, _year(nam)))


@router.post("/nop")
def submit(request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep) -> Response:
    values = {k: forms.raw(form, k) for k in ("done", "difficulties", "proposals")}
    area, year = forms.text(form, "area"), _year(forms.text(form, "year"))
    try:
        parts = (values["done"], values["difficulties"], values["proposals"])
        made = submissions.submit(uow, official, area, year, *parts)
    except HubError as exc:
        uow.rollback()
        context = _submit_context(uow, official, area, year, exc, values)
        return render(request, "reports/submit.html", context, status=exc.status)
    session.flash(f"Đã nộp báo cáo năm {year} của {made.area_name}. Bản đã nộp được lưu nguyên như khi nộp.")
    return see_other(f"{SUBMIT}?area={made.area_code}&nam={year}")


@router.get("/ban-nop/{submission_id}", name="web.report.submission")
def submission(official: Official, uow: WriteUow, submission_id: Id, format: str = "pdf") -> Response:
    return attachment(submissions.export_submission(uow, official, submission_id, format))


@router.get("/tong-hop", name="web.report.compile")
def compile_page(request: Request, official: Official, uow: ReadUow, nam: str = "") -> HTMLResponse:
    year = _year(nam)
    context = {
        "title": "Tổng hợp báo cáo năm",
        "current": "report",
        "year": year,
        "status": submissions.status(uow, official, year),
        "formats": FORMAT_LABELS,
    }
    return render(request, "reports/compile.html", context)


@router.post("/tong-hop/nhac")
def remind(official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep) -> Response:
    year = _year(forms.text(form, "year"))
    reminded = submissions.remind(uow, official, year)
    if reminded:
        session.flash(f"Đã nhắc {len(reminded)} xã, phường chưa nộp báo cáo năm {year}.")
    else:
        session.flash(f"Mọi xã, phường đã nộp báo cáo năm {year}; không cần nhắc.")
    return see_other(f"{COMPILE}?nam={year}")


@router.get("/tong-hop/tai-ve", name="web.report.compiled")
def compiled(official: Official, uow: WriteUow, nam: str = "", format: str = "pdf") -> Response:
    return attachment(submissions.export_compiled(uow, official, _year(nam), format))
