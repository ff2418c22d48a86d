"""Public holidays: the days deadlines skip, kept in the database and edited by the province's admin.

Tết and the day next to 2/9 are set by the government every year, so the project ships the years it
knows (migration 0011) and the admin enters the rest on `/quan-tri/ngay-nghi-le`. The holidays are
province-wide, hence an admin of the province (`MANAGE_AREAS` on its root area) edits them. When a
deadline runs into a year nobody entered, it counts weekends only and the admin is told on the holidays
page and the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from hub.accounts.access import require, require_anywhere
from hub.accounts.model import Permission, Principal
from hub.areas.model import Area
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.feedback.config import FeedbackConfig
from hub.feedback.deadlines.calendar import WorkingCalendar, unknown_year_warning
from hub.feedback.tables import case_table, holiday_table
from hub.kit.errors import Conflict, InvalidInput, NotFound
from hub.kit.time import local, utcnow

MAX_NAME = 200


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str


def calendar(uow: UnitOfWork, config: FeedbackConfig) -> WorkingCalendar:
    """The working calendar of deadlines: the configured weekend and every holiday entered."""
    return config.calendar.with_holidays(_days(uow))


def deadline(uow: UnitOfWork, config: FeedbackConfig, received: datetime, days: int) -> datetime:
    return calendar(uow, config).deadline(received, days)


def warning(uow: UnitOfWork) -> str | None:
    """The admin's warning when today or a case's deadline lies in a year without holidays entered."""
    known = WorkingCalendar().with_holidays(_days(uow))
    latest = uow.session.execute(select(func.max(case_table.c.due_at))).scalar()
    today = local(utcnow()).date()
    end = max(today, local(latest).date()) if latest is not None else today
    missing = known.unknown_year(date(today.year, 1, 1), end)
    return unknown_year_warning(missing) if missing is not None else None


def years(uow: UnitOfWork, principal: Principal) -> list[int]:
    require_anywhere(principal, Permission.MANAGE_AREAS)
    stored = {d.year for d in _days(uow)}
    this_year = local(utcnow()).year
    return sorted(stored | {this_year, this_year + 1})


def of_year(uow: UnitOfWork, principal: Principal, year: int) -> list[Holiday]:
    require_anywhere(principal, Permission.MANAGE_AREAS)
    rows = uow.session.execute(
        select(holiday_table.c.day, holiday_table.c.name)
        .where(holiday_table.c.day >= date(year, 1, 1), holiday_table.c.day <= date(year, 12, 31))
        .order_by(holiday_table.c.day)
    )
    return [Holiday(r.day, r.name) for r in rows]


def add(uow: UnitOfWork, principal: Principal, day: date, name: str) -> Holiday:
    """A day off for the whole province: deadlines computed from now on skip it."""
    province = _require_province(uow, principal)
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("Hãy nhập tên ngày nghỉ (ví dụ: Tết Nguyên đán).", code="holiday_name_missing", field="name")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"Tên ngày nghỉ dài quá {MAX_NAME} ký tự.", code="holiday_name_too_long", field="name")
    taken = Conflict(f"Ngày {day:%d/%m/%Y} đã là ngày nghỉ.", code="holiday_exists", field="day")
    if uow.session.execute(select(holiday_table.c.name).where(holiday_table.c.day == day)).first() is not None:
        raise taken
    try:
        with uow.session.begin_nested():  # another admin may add the same day at the same moment
            uow.session.execute(insert(holiday_table).values(day=day, name=name))
    except IntegrityError as exc:
        raise taken from exc
    record(
        uow,
        principal,
        "holiday.add",
        "public_holiday",
        day.isoformat(),
        area_code=province.code,
        details={"name": name},
    )
    return Holiday(day, name)


def remove(uow: UnitOfWork, principal: Principal, day: date) -> Holiday:
    """The day becomes a working day again for deadlines computed from now on."""
    province = _require_province(uow, principal)
    row = uow.session.execute(select(holiday_table.c.name).where(holiday_table.c.day == day)).first()
    if row is None:
        raise NotFound(f"Ngày {day:%d/%m/%Y} không có trong lịch nghỉ lễ.", code="holiday_not_found")
    uow.session.execute(delete(holiday_table).where(holiday_table.c.day == day))
    record(
        uow,
        principal,
        "holiday.remove",
        "public_holiday",
        day.isoformat(),
        area_code=province.code,
        details={"name": row.name},
    )
    return Holiday(day, row.name)


def parse_day(value: str) -> date:
    """A day typed as 31/12/2027 (as officials write it) or picked as 2027-12-31 (a date input)."""
    text = value.strip()
    try:
        if "/" in text:
            d, m, y = (int(p) for p in text.split("/"))
            return date(y, m, d)
        return date.fromisoformat(text)
    except (ValueError, OverflowError) as exc:
        raise InvalidInput(
            "Ngày không hợp lệ: hãy chọn một ngày (ngày/tháng/năm).", code="holiday_day_invalid", field="day"
        ) from exc


def _days(uow: UnitOfWork) -> frozenset[date]:
    return frozenset(uow.session.execute(select(holiday_table.c.day)).scalars())


def _require_province(uow: UnitOfWork, principal: Principal) -> Area:
    province = uow.areas.root()
    if province is None:
        raise NotFound("Chưa có dữ liệu địa bàn của tỉnh.", code="province_missing")
    require(principal, Permission.MANAGE_AREAS, province)
    return province
