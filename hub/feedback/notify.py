"""Telling officials: a new case for their unit, a deadline coming, a case gone overdue.

These run as jobs after the intake has committed, so a citizen's feedback is never slowed or lost
because a notice could not be written. Notices go through the outbox (`hub.messaging`, channel
`staff`): kept in the official's inbox now, on their linked chat account once chat links them.
"""

from __future__ import annotations

from datetime import datetime

from hub.accounts.model import Principal, User
from hub.areas.model import Area
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.feedback.config import FeedbackConfig
from hub.feedback.model import Case, CaseEvent
from hub.feedback.routing import units
from hub.kit.time import format_local, utcnow
from hub.messaging import service as messaging
from hub.messaging.model import Kind

SYSTEM = Principal.system("system")


def new_case(uow: UnitOfWork, config: FeedbackConfig, case_id: int) -> list[str]:
    """Tell the unit's officials about a new (or newly forwarded) case. Returns who was told."""
    case = uow.cases.get(case_id)
    if case is None or case.status not in ("received", "forwarded"):
        return []
    unit = uow.areas.get(case.unit_area_id)
    area = uow.areas.get(case.area_id)
    assert unit is not None and area is not None
    label = config.categories.get(case.category).label
    heading = "Phản ánh được chuyển đến" if case.status == "forwarded" else "Phản ánh mới"
    text = (
        f"{heading} {case.unit_name}: {case.code} — {label} tại {area.name}. Hạn trả lời: {format_local(case.due_at)}."
    )
    officials = units.handlers(uow, unit)
    _notify(uow, case, officials, text, action="notify")
    return [u.username for u in officials]


def sweep(uow: UnitOfWork, config: FeedbackConfig, now: datetime | None = None) -> tuple[int, int]:
    """Remind before deadlines; flag overdue cases and escalate them. Returns (reminded, escalated)."""
    now = now or utcnow()
    reminded = escalated = 0
    for case in uow.cases.due_for_reminder(now, now + config.remind_before):
        unit = uow.areas.get(case.unit_area_id)
        assert unit is not None
        officials = _assignee_or_handlers(uow, case, unit)
        text = f"Sắp đến hạn trả lời phản ánh {case.code} ({case.unit_name}): {format_local(case.due_at)}."
        _notify(uow, case, officials, text, action="remind")
        case.reminded_at = now
        reminded += 1
    for case in uow.cases.overdue_not_escalated(now):
        unit = uow.areas.get(case.unit_area_id)
        assert unit is not None
        parent, leaders = units.escalation(uow, unit)
        case.flag_overdue(now)
        where = parent.name if parent is not None else unit.name
        text = (
            f"Phản ánh {case.code} của {case.unit_name} đã quá hạn trả lời ({format_local(case.due_at)}). "
            f"Đề nghị lãnh đạo {where} đôn đốc xử lý."
        )
        by_id = {u.id: u for u in [*leaders, *_assignee_or_handlers(uow, case, unit)]}
        _notify(uow, case, list(by_id.values()), text, action="overdue")
        record(
            uow,
            SYSTEM,
            "feedback.overdue",
            "feedback_case",
            case.code or case.id,
            area_code=unit.code,
            details={"escalated_to": parent.code if parent else None, "leaders": [u.username for u in leaders]},
        )
        escalated += 1
    return reminded, escalated


def _assignee_or_handlers(uow: UnitOfWork, case: Case, unit: Area) -> list[User]:
    if case.assignee_id is not None:
        user = uow.users.get(case.assignee_id)
        if user is not None and user.is_active:
            return [user]
    return units.handlers(uow, unit)


def _notify(uow: UnitOfWork, case: Case, officials: list[User], text: str, *, action: str) -> None:
    for official in officials:
        messaging.queue(uow, text, Kind.NOTIFICATION, user_id=official.id, reference=case.code or "")
    names = ", ".join(u.username for u in officials) or "không có cán bộ nào được phân quyền"
    case.events.append(
        CaseEvent(at=utcnow(), actor="system", channel="system", action=action, note=f"{text} Đã báo: {names}.")
    )
