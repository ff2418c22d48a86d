"""Use cases of feedback cases for officials. The API, the CLI and chat commands call these.

Each action checks the caller's right to handle feedback for the case's unit
(`hub.accounts.access`), asks the model to make the move, writes the case's timeline and the audit
row, and tells the citizens concerned through the outbox, all in the caller's unit of work.
Nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hub.accounts.access import areas_for, can, require
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import Area
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.feedback.config import FeedbackConfig
from hub.feedback.deadlines import holidays
from hub.feedback.events import FeedbackForwarded
from hub.feedback.model import CLASSIFICATION_LABELS, Case, CaseEvent, Classification, Transition
from hub.feedback.repository import CaseFilter, Listed
from hub.feedback.routing import units
from hub.feedback.text import features, similarity, terms
from hub.kit.errors import Forbidden, InvalidInput, NotFound
from hub.kit.time import format_local, utcnow
from hub.messaging import service as messaging
from hub.messaging.model import Kind

SUGGEST_THRESHOLD = 0.35


@dataclass(frozen=True)
class Page:
    items: list[Listed]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class Similar:
    code: str
    status: str
    score: float
    reporters: int
    received_at: datetime
    excerpt: str


# -- reading ------------------------------------------------------------------------------------


def visibility(principal: Principal) -> CaseFilter:
    seen = areas_for(principal, Permission.READ)
    return CaseFilter(everything=seen.everything, visible=seen.subtrees)


def get(uow: UnitOfWork, principal: Principal, code: str, *, for_update: bool = False) -> Case:
    case = uow.cases.get_by_code(code.strip().upper(), for_update=for_update)
    if case is None:
        raise NotFound(f"Không tìm thấy phản ánh {code}.", code="case_not_found")
    if not areas_for(principal, Permission.READ).covers_any((case.area_path, case.unit_path, case.origin_path)):
        raise Forbidden(f"Phản ánh {code} ngoài phạm vi địa bàn của bạn.", code="outside_area")
    return case


def list_cases(
    uow: UnitOfWork,
    principal: Principal,
    *,
    area_code: str | None = None,
    statuses: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    classifications: tuple[str, ...] = (),
    overdue: bool = False,
    due_within: timedelta | None = None,
    mine: bool = False,
    text: str = "",
    received_from: datetime | None = None,
    received_to: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
    count_upto: int | None = None,
    by_due: bool = False,
) -> Page:
    """Cases the principal may read, newest first (`by_due`: the earliest deadline first).
    `due_within`: unanswered cases whose deadline falls within that time from now (not yet
    overdue). `count_upto`: stop counting there."""
    seen = visibility(principal)
    now = utcnow()
    area = areas.typed(uow, area_code) if area_code else None
    flt = CaseFilter(
        visible=seen.visible,
        everything=seen.everything,
        area_path=area.path if area is not None and area.parent_id is not None else None,  # the root: all
        statuses=statuses,
        categories=categories,
        classifications=classifications,
        overdue_at=now if overdue else None,
        due_between=(now, now + due_within) if due_within else None,
        assignee_id=principal.user_id if mine else None,
        text=text,
        received_from=received_from,
        received_to=received_to,
    )
    items, total = uow.cases.summaries(flt, limit=limit, offset=offset, count_upto=count_upto, by_due=by_due)
    return Page(items, total, limit, offset)


def similar(uow: UnitOfWork, principal: Principal, code: str, *, limit: int = 5) -> list[Similar]:
    """Active cases of the same commune that look like this one (candidates for merging)."""
    case = get(uow, principal, code)
    return similar_to_text(uow, case.scope_area_id, f"{case.text} {case.transcript}", exclude=case.id, limit=limit)


def similar_to_text(
    uow: UnitOfWork, scope_area_id: int, text: str, *, exclude: int | None = None, limit: int = 5
) -> list[Similar]:
    """Found through the word index, then scored on the full texts (see `hub.feedback.text`)."""
    ids = uow.cases.candidates(scope_area_id, terms(text), exclude=exclude, limit=40)
    mine = features(text)
    scored = []
    for row in uow.cases.candidate_rows(ids):
        score = similarity(mine, features(row.search_text))
        if score >= SUGGEST_THRESHOLD:
            excerpt = row.text[:160] + ("…" if len(row.text) > 160 else "")
            scored.append(Similar(row.code, row.status, round(score, 3), row.reporters, row.received_at, excerpt))
    scored.sort(key=lambda s: (-s.score, s.received_at))
    return scored[:limit]


# -- writing ------------------------------------------------------------------------------------


def for_action(uow: UnitOfWork, principal: Principal, code: str) -> tuple[Case, Area]:
    case = get(uow, principal, code, for_update=True)
    unit = uow.areas.get(case.unit_area_id)
    assert unit is not None  # a foreign key guarantees it
    require(principal, Permission.HANDLE_FEEDBACK, unit)
    return case, unit


def assign(uow: UnitOfWork, principal: Principal, code: str, username: str | None = None) -> Case:
    case, unit = for_action(uow, principal, code)
    user = uow.users.get_by_username(username) if username else uow.users.get(principal.user_id or 0)
    if user is None or not user.is_active:
        raise InvalidInput(f"Không có cán bộ “{username}”.", code="user_not_found", field="username")
    if not can(Principal.of(user, principal.channel), Permission.HANDLE_FEEDBACK, unit):
        raise InvalidInput(
            f"{user.full_name} ({user.username}) không có quyền xử lý phản ánh của {unit.name}.",
            code="assignee_outside_area",
            field="username",
        )
    transition = case.assign(user.id, utcnow())
    record_move(uow, principal, case, transition, note=f"Giao cho {user.full_name} ({user.username}).")
    if user.id != principal.user_id:
        messaging.queue(
            uow,
            f"Bạn được giao xử lý phản ánh {case.code} ({case.unit_name}), hạn trả lời {format_local(case.due_at)}.",
            Kind.NOTIFICATION,
            user_id=user.id,
            reference=case.code or "",
        )
    return case


def start(uow: UnitOfWork, principal: Principal, code: str) -> Case:
    case, _ = for_action(uow, principal, code)
    record_move(uow, principal, case, case.start(principal.user_id, utcnow()), public=True, note="Đang xử lý.")
    return case


def answer(uow: UnitOfWork, principal: Principal, code: str, text: str) -> Case:
    """Answer the citizen: the answer goes back on the channel every reporter of the case used."""
    case, _ = for_action(uow, principal, code)
    transition = case.answer(text, principal.user_id, utcnow())
    record_move(uow, principal, case, transition, public=True, note="Đã có trả lời.")
    for reporter in _reporters(uow, case):
        _tell(uow, reporter, Kind.ANSWER, answer_text(reporter, case))
    return case


def answer_text(reporter: Case, case: Case) -> str:
    via = f" (gộp với {case.code})" if reporter is not case else ""
    return f"Trả lời phản ánh {reporter.code}{via} của {case.unit_name}:\n{case.answer_text}"


def forward(
    uow: UnitOfWork,
    config: FeedbackConfig,
    principal: Principal,
    code: str,
    reason: str,
    *,
    area_code: str | None = None,
    unit: str | None = None,
) -> Case:
    """To another area inside the hub (`area_code`), or to a body outside it (`unit`)."""
    case, _ = for_action(uow, principal, code)
    now = utcnow()
    if bool(area_code) == bool(unit):
        raise InvalidInput(
            "Chọn một nơi nhận: địa bàn trong hệ thống (area_code) hoặc tên cơ quan bên ngoài (unit).",
            code="forward_target",
        )
    before = case.unit_name
    if unit:
        transition = case.forward_out(unit, reason, now)
        uow.cases.unindex(case.id)
        record_move(uow, principal, case, transition, public=True, note=f"Chuyển đến {case.forwarded_to}.")
        for reporter in _reporters(uow, case):
            _tell(
                uow,
                reporter,
                Kind.STATUS,
                f"Phản ánh {reporter.code} không thuộc thẩm quyền của {before}; đã được chuyển đến "
                f"{case.forwarded_to} để xem xét, giải quyết. Lý do: {case.status_reason}",
            )
        return case
    target = areas.get(uow, area_code or "")
    placement = units.place(uow, target, case.category)
    days = config.complaint_days if case.confidential else config.categories.get(case.category).days
    transition = case.forward(
        area_id=target.id,
        area_path=target.path,
        scope_area_id=placement.scope.id,
        unit_area_id=placement.unit.area.id,
        unit_path=placement.unit.area.path,
        unit_name=placement.unit.name,
        due_at=holidays.deadline(uow, config, now, days),
        reason=reason,
        now=now,
    )
    uow.cases.unindex(case.id)
    uow.cases.index_terms(case.id, case.scope_area_id, terms(f"{case.text} {case.transcript}"))
    record_move(uow, principal, case, transition, public=True, note=f"Chuyển từ {before} đến {case.unit_name}.")
    for reporter in _reporters(uow, case):
        _tell(
            uow,
            reporter,
            Kind.STATUS,
            f"Phản ánh {reporter.code} đã được chuyển từ {before} đến {case.unit_name} để xử lý. "
            f"Lý do: {case.status_reason}. Hạn trả lời: {format_local(case.due_at)}.",
        )
    uow.emit(FeedbackForwarded(case_id=case.id, code=case.code or ""))
    return case


def reject(uow: UnitOfWork, principal: Principal, code: str, reason: str) -> Case:
    case, _ = for_action(uow, principal, code)
    transition = case.reject(reason, utcnow())
    uow.cases.unindex(case.id)
    record_move(uow, principal, case, transition, public=True, note=f"Lý do: {case.status_reason}")
    for reporter in _reporters(uow, case):
        _tell(
            uow,
            reporter,
            Kind.STATUS,
            f"Phản ánh {reporter.code} không được tiếp nhận xử lý. Lý do: {case.status_reason}",
        )
    return case


def merge(uow: UnitOfWork, principal: Principal, code: str, into: str) -> Case:
    """The same issue as `into`: this case's citizens follow that case from now on and are told so;
    `into` counts everyone who raised it. If `into` is answered already, they get the answer now."""
    case, _ = for_action(uow, principal, code)
    target, _ = for_action(uow, principal, into)
    now = utcnow()
    moved = [case, *uow.cases.merged_into(case.id)]
    transition = case.merge_into(target, now)
    for child in moved[1:]:
        child.merged_into_id = target.id
    uow.cases.unindex(case.id)
    record_move(uow, principal, case, transition, public=True, note=f"Cùng nội dung với {target.code}.")
    target.events.append(
        CaseEvent(
            at=now,
            actor=principal.username,
            channel=principal.channel,
            action="absorb",
            note=f"Gộp {case.code}; {target.reporters} người đã phản ánh việc này.",
        )
    )
    for reporter in moved:
        if target.answered:
            _tell(uow, reporter, Kind.ANSWER, answer_text(reporter, target))
        else:
            _tell(
                uow,
                reporter,
                Kind.STATUS,
                f"Phản ánh {reporter.code} có cùng nội dung với phản ánh {target.code} đang được "
                f"{target.unit_name} xử lý ({target.reporters} người đã phản ánh). Kết quả sẽ được gửi tới bạn.",
            )
    return target


def close(uow: UnitOfWork, principal: Principal, code: str) -> Case:
    case, _ = for_action(uow, principal, code)
    transition = case.close(utcnow())
    uow.cases.unindex(case.id)
    record_move(uow, principal, case, transition, public=True, note="Kết thúc xử lý.")
    return case


def confirm_classification(
    uow: UnitOfWork, config: FeedbackConfig, principal: Principal, code: str, classification: str
) -> Case:
    """An official confirms or corrects the suggested classification; the deadline follows it."""
    try:
        kind = Classification(classification)
    except ValueError as exc:
        raise InvalidInput(
            "Phân loại phải là “feedback” (phản ánh, kiến nghị) hoặc “complaint” (khiếu nại, tố cáo).",
            code="classification_invalid",
            field="classification",
        ) from exc
    case, _ = for_action(uow, principal, code)
    days = config.complaint_days if kind == Classification.COMPLAINT else config.categories.get(case.category).days
    transition = case.confirm_classification(kind, holidays.deadline(uow, config, case.received_at, days), utcnow())
    record_move(uow, principal, case, transition, note=f"Phân loại: {CLASSIFICATION_LABELS[kind]}.")
    return case


# -- helpers ------------------------------------------------------------------------------------


def _reporters(uow: UnitOfWork, case: Case) -> list[Case]:
    """The case and every case merged into it: one per citizen who raised the issue."""
    return [case, *uow.cases.merged_into(case.id)]


def _tell(uow: UnitOfWork, reporter: Case, kind: Kind, text: str) -> None:
    contact = uow.contacts.get(reporter.contact_id) if reporter.contact_id else None
    if contact is not None:
        messaging.queue(uow, text, kind, contact=contact, reference=reporter.code or "")


def record_move(
    uow: UnitOfWork,
    principal: Principal,
    case: Case,
    transition: Transition,
    *,
    note: str = "",
    public: bool = False,
) -> None:
    now = utcnow()
    case.events.append(
        CaseEvent(
            at=now,
            actor=principal.username,
            channel=principal.channel,
            action=transition.action,
            from_status=str(transition.from_status) if transition.from_status else None,
            to_status=str(transition.to_status),
            note=note,
            public=public,
        )
    )
    unit = uow.areas.get(case.unit_area_id)
    record(
        uow,
        principal,
        f"feedback.{transition.action}",
        "feedback_case",
        case.code or case.id,
        from_state=str(transition.from_status) if transition.from_status else None,
        to_state=str(transition.to_status),
        reason=transition.reason,
        area_code=unit.code if unit else None,
        details={"category": case.category, "classification": str(case.classification)},
    )
