"""The admin's holidays page (`/quan-tri/ngay-nghi-le`): the public holidays of a year, a day added or
removed, the warning when deadlines run into a year nobody entered — all through `hub.feedback.deadlines.holidays`."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from hub.accounts.model import Principal
from hub.db.uow import UnitOfWork
from hub.feedback.deadlines import holidays
from hub.http.deps import ReadUow, WriteUow
from hub.kit.errors import HubError
from hub.kit.time import local, utcnow
from hub.web import forms
from hub.web.extensions import CardContext
from hub.web.routing import FormDep, Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

router = page_router("/quan-tri/ngay-nghi-le")
PAGE = "/quan-tri/ngay-nghi-le"


def _context(
    uow: UnitOfWork, official: Principal, year: int, error: HubError | None = None, values: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "title": "Ngày nghỉ lễ",
        "current": "holidays",
        "year": year,
        "years": holidays.years(uow, official),
        "days": holidays.of_year(uow, official, year),
        "warning": holidays.warning(uow),
        "error": error,
        "values": values or {},
    }


def _year(value: str | int | None) -> int:
    try:
        year = int(value or 0)
    except ValueError:
        year = 0
    return year if 1900 < year < 10000 else local(utcnow()).year


@router.get("", name="web.holidays")
def holidays_page(request: Request, official: Official, uow: ReadUow, nam: str = "") -> HTMLResponse:
    return render(request, "feedback/holidays.html", _context(uow, official, _year(nam)))


@router.post("/them")
def add_holiday(request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep) -> Response:
    values = {"day": forms.text(form, "day"), "name": forms.text(form, "name")}
    year = _year(forms.text(form, "year"))
    try:
        day = holidays.parse_day(values["day"])
        year = day.year
        added = holidays.add(uow, official, day, values["name"])
    except HubError as exc:
        uow.rollback()
        return render(request, "feedback/holidays.html", _context(uow, official, year, exc, values), status=exc.status)
    session.flash(f"Đã thêm ngày nghỉ {added.day:%d/%m/%Y}: {added.name}.")
    return see_other(f"{PAGE}?nam={added.day.year}")


@router.post("/xoa/{day}")
def remove_holiday(request: Request, official: Official, uow: WriteUow, session: WebSessionDep, day: str) -> Response:
    year = local(utcnow()).year
    try:
        parsed: date = holidays.parse_day(day)
        year = parsed.year
        removed = holidays.remove(uow, official, parsed)
    except HubError as exc:
        uow.rollback()
        return render(request, "feedback/holidays.html", _context(uow, official, year, exc), status=exc.status)
    session.flash(f"Đã bỏ ngày nghỉ {removed.day:%d/%m/%Y} ({removed.name}).")
    return see_other(f"{PAGE}?nam={removed.day.year}")


def card(ctx: CardContext) -> str | None:
    """The admin's dashboard card: shown only while deadlines run into a year without holidays."""
    return holidays.warning(ctx.uow)
