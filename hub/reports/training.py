"""The officials' training register (issue 18, item 13): each course (title, date, the officials who
attended), recorded by an approver of the area, and the plan's target that every official in charge
of grassroots information (editors, approvers, device operators) is trained, counted per period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select

from hub.accounts.access import require
from hub.accounts.model import Permission, Principal, Role
from hub.accounts.tables import role_grant_table, user_table
from hub.areas import service as areas
from hub.areas.model import Area, subtree_range
from hub.areas.tables import area_table
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.kit.errors import InvalidInput
from hub.kit.time import utcnow
from hub.reports.model import Period, TrainingFigures
from hub.reports.tables import training_table

IN_CHARGE = (Role.EDITOR.value, Role.APPROVER.value, Role.DEVICE_OPERATOR.value)
MAX_COURSE = 300


@dataclass(frozen=True)
class Official:
    id: int
    username: str
    full_name: str


@dataclass(frozen=True)
class Course:
    id: int
    course: str
    held_on: date
    attendees: list[str]  # names as they were when recorded
    area_name: str


def officials(uow: UnitOfWork, area: Area) -> list[Official]:
    """The active officials in charge of grassroots information in the area and under it."""
    low, high = subtree_range(area.path)
    g, u, a = role_grant_table.c, user_table.c, area_table.c
    rows = uow.session.execute(
        select(u.id, u.username, u.full_name)
        .distinct()
        .join(role_grant_table, g.user_id == u.id)
        .join(area_table, a.id == g.area_id)
        .where(u.is_active.is_(True), g.role.in_(IN_CHARGE), a.path >= low, a.path < high)
        .order_by(u.username)
    ).all()
    return [Official(*r) for r in rows]


def add(
    uow: UnitOfWork,
    principal: Principal,
    area_code: str,
    course: str,
    held_on: date,
    attendee_ids: list[int],
    *,
    now: datetime | None = None,
) -> Course:
    area = areas.get(uow, area_code)
    require(principal, Permission.APPROVE, area)
    course = " ".join(course.split())
    if not course:
        raise InvalidInput("Hãy nhập tên lớp tập huấn.", code="course_missing", field="course")
    if len(course) > MAX_COURSE:
        raise InvalidInput(f"Tên lớp dài quá {MAX_COURSE} ký tự.", code="course_too_long", field="course")
    known = {o.id: o for o in officials(uow, area)}
    chosen = [known[i] for i in dict.fromkeys(attendee_ids) if i in known]
    if not chosen or len(chosen) != len(set(attendee_ids)):
        raise InvalidInput(
            "Hãy chọn cán bộ dự lớp trong danh sách cán bộ của địa bàn.", code="attendees_invalid", field="attendees"
        )
    attendees: list[dict[str, Any]] = [{"user_id": o.id, "name": o.full_name or o.username} for o in chosen]
    course_id = uow.session.execute(
        insert(training_table)
        .values(
            area_id=area.id,
            course=course,
            held_on=held_on,
            attendees=attendees,
            recorded_at=now or utcnow(),
            recorded_by=principal.full_name or principal.username,
        )
        .returning(training_table.c.id)
    ).scalar_one()
    record(
        uow,
        principal,
        "training.add",
        "report_training",
        course_id,
        area_code=area.code,
        details={"course": course, "held_on": held_on.isoformat(), "attendees": len(attendees)},
    )
    return Course(course_id, course, held_on, [str(x["name"]) for x in attendees], area.name)


def courses(uow: UnitOfWork, principal: Principal, area_code: str, period: Period) -> list[Course]:
    """The courses recorded in the area and under it, held in the period, latest first."""
    area = areas.get(uow, area_code)
    require(principal, Permission.READ, area)
    return [
        Course(r.id, r.course, r.held_on, [x["name"] for x in r.attendees], r.name) for r in _rows(uow, area, period)
    ]


def _rows(uow: UnitOfWork, area: Area, period: Period) -> list[Any]:
    low, high = subtree_range(area.path)
    t, a = training_table.c, area_table.c
    return list(
        uow.session.execute(
            select(t.id, t.course, t.held_on, t.attendees, a.name)
            .join(area_table, a.id == t.area_id)
            .where(a.path >= low, a.path < high, t.held_on >= period.first_day, t.held_on <= period.last_day)
            .order_by(t.held_on.desc(), t.id.desc())
        ).all()
    )


def figures(uow: UnitOfWork, area: Area, period: Period) -> TrainingFigures:
    """Officials in charge in the area now, and how many of them attended a course in the period
    (a course recorded by any unit counts: a commune's official may attend the province's course)."""
    in_charge = {o.id for o in officials(uow, area)}
    t = training_table.c
    attended: set[int] = set()
    held = uow.session.execute(
        select(t.area_id, t.attendees).where(t.held_on >= period.first_day, t.held_on <= period.last_day)
    ).all()
    for _, people in held:
        attended.update(int(x["user_id"]) for x in people)
    return TrainingFigures(
        officials=len(in_charge), trained=len(in_charge & attended), courses=len(_rows(uow, area, period))
    )
