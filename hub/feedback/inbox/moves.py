"""What the officials' inbox asks of the feedback domain besides the moves themselves: which moves
an official may make on a case now, who may be given a case, and the cases of an area that are due
soon or overdue (the dashboard card). The web pages call these; the moves are `service`'s.

Offering only the moves that can succeed keeps the page honest, but the service still decides:
a form posted from a stale page gets the service's refusal, in Vietnamese.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from hub.accounts.access import can
from hub.accounts.model import Permission, Principal, User
from hub.areas.model import Area
from hub.db.uow import UnitOfWork
from hub.feedback import service
from hub.feedback.model import MOVES, UNANSWERED, Case
from hub.feedback.routing.units import HANDLER_ROLES
from hub.web.extensions import CardContext

DUE_SOON = timedelta(days=2)  # "sắp đến hạn": the deadline falls within this time from now
COUNTED = 100  # the dashboard card says "100+" beyond this (counting a province's backlog is slow)


def available_actions(uow: UnitOfWork, principal: Principal, case: Case) -> frozenset[str]:
    """The moves of `hub.feedback.model.MOVES` open to the principal, plus "classify", and "publish"
    (the answer drafted as a bulletin: an editor's work) or "answer_publish" (both at once)."""
    unit = uow.areas.get(case.unit_area_id)
    if unit is None or not can(principal, Permission.HANDLE_FEEDBACK, unit):
        return frozenset()
    found = {name for name, (allowed, _) in MOVES.items() if case.status in allowed}
    if case.status in UNANSWERED:
        found.add("classify")
    drafts = not case.confidential and can(principal, Permission.DRAFT, uow.areas.get(case.scope_area_id) or unit)
    if drafts and case.answered and case.answer_bulletin_id is None:
        found.add("publish")
    if drafts and "answer" in found:
        found.add("answer_publish")
    return frozenset(found)


def assignees(uow: UnitOfWork, case: Case) -> list[User]:
    """Officials who may handle the case: feedback handlers granted on its unit or an area above,
    the nearest first (the unit's own officials, then the district's, then the province's)."""
    unit = uow.areas.get(case.unit_area_id)
    if unit is None:
        return []
    seen: dict[int, User] = {}
    for area in reversed([*uow.areas.ancestors(unit), unit]):
        for user in uow.users.holding(area.id, HANDLER_ROLES):
            seen.setdefault(user.id, user)
    return list(seen.values())


@dataclass(frozen=True)
class Workload:
    """An area's unanswered cases past their deadline, and those whose deadline comes soon."""

    overdue: service.Page
    due_soon: service.Page
    within: timedelta
    counted: int = COUNTED


def workload(
    uow: UnitOfWork, principal: Principal, area: Area, within: timedelta = DUE_SOON, *, shown: int = 5
) -> Workload:
    # most urgent first
    common: dict[str, Any] = {"area_code": area.code, "limit": shown, "count_upto": COUNTED, "by_due": True}
    overdue = service.list_cases(uow, principal, overdue=True, **common)
    due_soon = service.list_cases(uow, principal, due_within=within, **common)
    return Workload(overdue, due_soon, within, COUNTED)


def card(ctx: CardContext) -> Workload:
    """The dashboard card "Phản ánh đến hạn, quá hạn" of the area chosen."""
    return workload(ctx.uow, ctx.principal, ctx.area)
