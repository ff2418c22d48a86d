"""The training register's page (`/quan-tri/bao-cao/tap-huan`): the courses held in the area during a
reporting period, and a course recorded with the officials who attended (through `hub.reports.training`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from hub.accounts.model import Principal
from hub.db.uow import UnitOfWork
from hub.http.deps import ReadUow, WriteUow
from hub.kit.errors import HubError, InvalidInput
from hub.kit.time import utcnow
from hub.reports import training
from hub.reports.model import Period
from hub.reports.submission_pages import reporting_areas
from hub.web import forms
from hub.web.routing import FormDep, Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

router = page_router("/quan-tri/bao-cao")
PAGE = "/quan-tri/bao-cao/tap-huan"


def _context(
    uow: UnitOfWork, official: Principal, area: str, error: HubError | None = None, values: dict[str, Any] | None = None
) -> dict[str, Any]:
    choices = reporting_areas(uow, official)
    codes = [c for c, _ in choices]
    area = area if area in codes else (codes[0] if codes else "")
    year = Period.year_of(utcnow())
    period = Period.annual(year)
    found = uow.areas.get_by_code(area) if area else None
    return {
        "title": "Tập huấn cán bộ",
        "current": "report",
        "areas": choices,
        "area": area,
        "period": period,
        "courses": training.courses(uow, official, area, period) if area else [],
        "officials": training.officials(uow, found) if found else [],
        "figures": training.figures(uow, found, period) if found else None,
        "error": error,
        "values": values or {"attendees": []},
    }


@router.get("/tap-huan", name="web.report.training")
def training_page(request: Request, official: Official, uow: ReadUow, area: str = "") -> HTMLResponse:
    return render(request, "reports/training.html", _context(uow, official, area))


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput("Ngày tập huấn không hợp lệ.", code="day_invalid", field="held_on") from exc


@router.post("/tap-huan")
def add_course(request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep) -> Response:
    area = forms.text(form, "area")
    values: dict[str, Any] = {
        "course": forms.text(form, "course"),
        "held_on": forms.text(form, "held_on"),
        "attendees": forms.many(form, "attendees"),
    }
    try:
        ids = [int(x) for x in values["attendees"] if x.isdigit() and len(x) < 19]
        made = training.add(uow, official, area, values["course"], _day(values["held_on"]), ids)
    except HubError as exc:
        uow.rollback()
        return render(request, "reports/training.html", _context(uow, official, area, exc, values), status=exc.status)
    session.flash(f"Đã ghi lớp “{made.course}” ngày {made.held_on:%d/%m/%Y}: {len(made.attendees)} cán bộ dự.")
    return see_other(f"{PAGE}?area={area}")
