"""Use cases of bulletins. The API, the CLI and the chat commands all call these functions, so
"approve" has one implementation whatever the channel.

Each function checks the caller's role and area (`hub.accounts.access`), asks the model to make the
move, writes the audit row and emits the domain event, all in the caller's unit of work. Nothing
here commits: the wrapper does, so a crash leaves a bulletin in the state before or after a
transition, never between.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from hub.accounts.access import areas_for, can, home_scope, require
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import Area
from hub.audit.model import AuditEvent
from hub.audit.service import record
from hub.bulletins import search
from hub.bulletins.events import (
    BulletinApproved,
    BulletinCreated,
    BulletinEdited,
    BulletinEvent,
    BulletinExpired,
    BulletinPublished,
    BulletinRejected,
    BulletinRevised,
    BulletinSubmitted,
    BulletinWithdrawn,
)
from hub.bulletins.model import (
    MOVES,
    Bulletin,
    BulletinTarget,
    Content,
    Priority,
    Revision,
    Status,
    Transition,
    is_live,
)
from hub.bulletins.repository import BulletinFilter, Listed, Visibility
from hub.bulletins.search import Question
from hub.db.uow import UnitOfWork
from hub.kit.errors import Forbidden, InvalidInput, NotFound
from hub.kit.text import fold
from hub.kit.time import utcnow

# The event each transition of `Bulletin` emits.
EVENTS: dict[str, type[BulletinEvent]] = {
    "create": BulletinCreated,
    "edit": BulletinEdited,
    "revise": BulletinRevised,
    "submit": BulletinSubmitted,
    "approve": BulletinApproved,
    "reject": BulletinRejected,
    "publish": BulletinPublished,
    "withdraw": BulletinWithdrawn,
    "expire": BulletinExpired,
}


@dataclass(frozen=True)
class Page:
    items: list[Listed]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class History:
    bulletin: Bulletin
    revisions: list[Revision]
    events: list[AuditEvent]
    usernames: dict[int, str]  # authors and approvers of the revisions


# -- reading ------------------------------------------------------------------------------------


def visibility(principal: Principal) -> Visibility:
    return areas_for(principal, Permission.READ)


def get(uow: UnitOfWork, principal: Principal, bulletin_id: int, *, for_update: bool = False) -> Bulletin:
    bulletin = uow.bulletins.get(bulletin_id, for_update=for_update)
    if bulletin is None:
        raise NotFound(f"Không tìm thấy tin số {bulletin_id}.", code="bulletin_not_found")
    if not _may_read(uow, principal, bulletin):
        area = _creating_area(uow, bulletin)
        raise Forbidden(
            f"Tin số {bulletin_id} thuộc địa bàn {area.name} (mã {area.code}), ngoài phạm vi của bạn.",
            code="outside_area",
            area_code=area.code,
        )
    return bulletin


def _may_read(uow: UnitOfWork, principal: Principal, bulletin: Bulletin) -> bool:
    seen = visibility(principal)
    if seen.everything:
        return True
    if seen.covers_any([t.area_path for t in bulletin.targets] + [_creating_area(uow, bulletin).path]):
        return True
    reached = bulletin.status in (Status.APPROVED, Status.PUBLISHED, Status.EXPIRED)
    return reached and any(t.area_path in seen.ancestors for t in bulletin.targets)


def list_bulletins(
    uow: UnitOfWork,
    principal: Principal,
    *,
    area_code: str | None = None,
    statuses: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    priorities: tuple[str, ...] = (),
    text: str = "",
    limit: int = 50,
    offset: int = 0,
    newest: str = "created",
) -> Page:
    """Bulletins the principal may read, newest first ("created"), or most recently changed first
    ("updated")."""
    area = areas.typed(uow, area_code) if area_code else None
    # Every bulletin is sent inside the province: filtering by the root would only cost time.
    area_path = area.path if area is not None and area.parent_id is not None else None
    flt = BulletinFilter(
        area_path=area_path,
        statuses=statuses,
        categories=categories,
        priorities=priorities,
        text=text,
        visibility=visibility(principal),
    )
    items, total = uow.bulletins.summaries(flt, limit=limit, offset=offset, newest=newest)
    return Page(items, total, limit, offset)


def _reaching(area: Area, uow: UnitOfWork) -> BulletinFilter:
    """Published bulletins that reach `area`: sent to it, to a unit above it, or to a unit inside it."""
    if area.parent_id is None:  # the province: every bulletin is sent inside it
        return BulletinFilter(statuses=(Status.PUBLISHED.value,))
    return BulletinFilter(
        reaching_paths=tuple(a.path for a in uow.areas.ancestors(area)),
        reaching_subtree=area.path,
        statuses=(Status.PUBLISHED.value,),
    )


def reaching(
    uow: UnitOfWork,
    area: Area,
    *,
    at: datetime | None = None,
    text: str = "",
    limit: int = 20,
    priorities: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
) -> list[Bulletin]:
    """Published bulletins that reach `area`: sent to it, to a unit above it, or to a unit inside it.

    This is what a citizen of the area, its loudspeakers and its e-boards are given. `text` matches
    every word, with or without diacritics; `categories` narrows to those topics.
    """
    flt = replace(_reaching(area, uow), priorities=priorities, categories=categories, text=text, live_at=at)
    items, _ = uow.bulletins.list(flt, limit=limit, offset=0, count=False)
    return list(items)


SEARCHED = 200  # the newest matching bulletins of an area that are ranked


def answers(uow: UnitOfWork, area: Area, question: Question, *, at: datetime, limit: int = 3) -> list[Bulletin]:
    """The published bulletins reaching `area` that best answer `question` (`hub.bulletins.search`):
    any strong word matched, ranked by match and recency, then the asked topic. Without strong words,
    the newest bulletins ranked the same way."""
    words = tuple(dict.fromkeys(fold(w) for w in question.words if fold(w)))
    flt = replace(_reaching(area, uow), live_at=at, any_words=words)
    return search.rank(question, uow.bulletins.searchable(flt, limit=SEARCHED), at)[:limit]


def public(uow: UnitOfWork, bulletin_id: int) -> Bulletin:
    """A bulletin as citizens may read it: one that went on air (published, or expired since)."""
    bulletin = uow.bulletins.get(bulletin_id)
    if bulletin is None or bulletin.status not in (Status.PUBLISHED, Status.EXPIRED):
        raise NotFound(f"Không tìm thấy tin số {bulletin_id}.", code="bulletin_not_found")
    return bulletin


def available_actions(uow: UnitOfWork, principal: Principal, bulletin: Bulletin) -> frozenset[str]:
    """The actions the principal may take on the bulletin now, by the same rules as the actions
    below ("edit", "submit", "approve", "reject", "publish", "withdraw"). For showing buttons; the
    actions themselves check again."""
    creating = _creating_area(uow, bulletin)
    targets = _target_areas(uow, bulletin)
    drafts = can(principal, Permission.DRAFT, creating) and all(can(principal, Permission.DRAFT, t) for t in targets)
    approves = all(can(principal, Permission.APPROVE, t) for t in targets)
    recalls = bulletin.status == Status.SUBMITTED and can(principal, Permission.DRAFT, creating)
    who = {
        "submit": can(principal, Permission.DRAFT, creating),
        "approve": approves,
        "reject": approves,
        "publish": approves,
        "withdraw": (approves and can(principal, Permission.APPROVE, creating)) or recalls,
    }
    found = {action for action, allowed in who.items() if allowed and bulletin.status in MOVES[action][0]}
    if drafts and bulletin.status not in (Status.EXPIRED, Status.WITHDRAWN):
        found.add("edit")
    return frozenset(found)


def history(uow: UnitOfWork, principal: Principal, bulletin_id: int) -> History:
    bulletin = get(uow, principal, bulletin_id)
    events = list(uow.audit.for_entity("bulletin", str(bulletin_id)))
    revisions = sorted(bulletin.revisions, key=lambda r: r.number)
    ids = {i for r in revisions for i in (r.created_by_id, r.approved_by_id) if i is not None}
    return History(bulletin, revisions, events, uow.users.usernames(ids))


# -- writing ------------------------------------------------------------------------------------


def create(uow: UnitOfWork, principal: Principal, content: Content, creating_area_code: str | None = None) -> Bulletin:
    targets = areas.resolve(uow, list(content.target_codes), field="target_codes")
    creating = _creating_area_for(uow, principal, targets, creating_area_code)
    require(principal, Permission.DRAFT, [creating, *targets])
    bulletin, transition = Bulletin.draft(
        content,
        _targets(targets),
        creating.id,
        principal.user_id,
        utcnow(),
    )
    uow.bulletins.add(bulletin)
    uow.session.flush()
    _record(uow, principal, bulletin, transition, creating)
    return bulletin


def edit(uow: UnitOfWork, principal: Principal, bulletin_id: int, content: Content) -> Bulletin:
    bulletin = get(uow, principal, bulletin_id, for_update=True)
    targets = areas.resolve(uow, list(content.target_codes), field="target_codes")
    creating = _creating_area(uow, bulletin)
    _check_inside(creating, targets)
    require(principal, Permission.DRAFT, [creating, *targets])
    before = tuple(t.area_path for t in bulletin.targets)
    transition = bulletin.edit(content, _targets(targets), principal.user_id, utcnow())
    _record(uow, principal, bulletin, transition, creating, previous_paths=before)
    return bulletin


def submit(uow: UnitOfWork, principal: Principal, bulletin_id: int) -> Bulletin:
    bulletin = get(uow, principal, bulletin_id, for_update=True)
    creating = _creating_area(uow, bulletin)
    require(principal, Permission.DRAFT, creating)
    _record(uow, principal, bulletin, bulletin.submit(utcnow()), creating)
    return bulletin


def approve(
    uow: UnitOfWork, principal: Principal, bulletin_id: int, *, expected_revision: int | None = None
) -> Bulletin:
    """Approve; a bulletin whose window has begun, and any emergency, is published at once."""
    bulletin = get(uow, principal, bulletin_id, for_update=True)
    require(principal, Permission.APPROVE, _target_areas(uow, bulletin))
    now = utcnow()
    creating = _creating_area(uow, bulletin)
    _record(uow, principal, bulletin, bulletin.approve(principal.user_id, now, expected_revision), creating)
    if bulletin.should_publish(now):
        _record(uow, principal, bulletin, bulletin.publish(now), creating)
    return bulletin


def reject(uow: UnitOfWork, principal: Principal, bulletin_id: int, reason: str) -> Bulletin:
    bulletin = get(uow, principal, bulletin_id, for_update=True)
    require(principal, Permission.APPROVE, _target_areas(uow, bulletin))
    _record(uow, principal, bulletin, bulletin.reject(reason, utcnow()), _creating_area(uow, bulletin))
    return bulletin


def publish(uow: UnitOfWork, principal: Principal, bulletin_id: int) -> Bulletin:
    """Publish an approved bulletin now, even before its planned start (which moves to now)."""
    bulletin = get(uow, principal, bulletin_id, for_update=True)
    require(principal, Permission.APPROVE, _target_areas(uow, bulletin))
    now = utcnow()
    transition = bulletin.publish(now)
    bulletin.valid_from = min(bulletin.valid_from, now)
    _record(uow, principal, bulletin, transition, _creating_area(uow, bulletin))
    return bulletin


def withdraw(uow: UnitOfWork, principal: Principal, bulletin_id: int, reason: str) -> Bulletin:
    """Take a bulletin back. Its author's unit may recall one still awaiting approval; a bulletin
    that is approved or on air needs an approver of the issuing unit and of every receiving area, so a
    commune cannot take down what the province sent it (an emergency above all)."""
    bulletin = get(uow, principal, bulletin_id, for_update=True)
    creating = _creating_area(uow, bulletin)
    if not (bulletin.status == Status.SUBMITTED and can(principal, Permission.DRAFT, creating)):
        require(principal, Permission.APPROVE, [creating, *_target_areas(uow, bulletin)])
    _record(uow, principal, bulletin, bulletin.withdraw(reason, utcnow()), creating)
    return bulletin


@dataclass(frozen=True)
class EmergencyPlan:
    """What an emergency would interrupt: the receiving areas and every area below them."""

    targets: list[Area]
    creating: Area
    covered: dict[str, list[Area]]  # target code → the areas below it, in tree order


def plan_emergency(
    uow: UnitOfWork, principal: Principal, content: Content, creating_area_code: str | None = None
) -> EmergencyPlan:
    """Check an emergency as `issue_emergency` would, without issuing it (the confirmation step)."""
    if content.priority != Priority.EMERGENCY:
        raise InvalidInput("Chỉ tin khẩn cấp mới được duyệt và phát ngay trong một bước.", code="not_emergency")
    targets = areas.resolve(uow, list(content.target_codes), field="target_codes")
    require(principal, Permission.APPROVE, targets)
    creating = _creating_area_for(uow, principal, targets, creating_area_code, Permission.APPROVE)
    covered = {t.code: [a for a in uow.areas.subtree(t) if a.id != t.id] for t in targets}
    return EmergencyPlan(targets, creating, covered)


def issue_emergency(
    uow: UnitOfWork, principal: Principal, content: Content, creating_area_code: str | None = None
) -> Bulletin:
    """An approver writes, approves and publishes an emergency in one step; each step is audited."""
    plan = plan_emergency(uow, principal, content, creating_area_code)
    targets, creating = plan.targets, plan.creating
    now = utcnow()
    bulletin, created = Bulletin.draft(content, _targets(targets), creating.id, principal.user_id, now)
    uow.bulletins.add(bulletin)
    uow.session.flush()
    _record(uow, principal, bulletin, created, creating)
    _record(uow, principal, bulletin, bulletin.submit(now), creating)
    _record(uow, principal, bulletin, bulletin.approve(principal.user_id, now), creating)
    _record(uow, principal, bulletin, bulletin.publish(now), creating)
    return bulletin


def submit_emergency(
    uow: UnitOfWork, principal: Principal, content: Content, creating_area_code: str | None = None
) -> Bulletin:
    """An emergency handed in to wait for an approval (a CAP alert from a sender not trusted to go on
    air at once). Whoever could issue it may hand it in, audited under their name."""
    plan = plan_emergency(uow, principal, content, creating_area_code)
    now = utcnow()
    bulletin, created = Bulletin.draft(content, _targets(plan.targets), plan.creating.id, principal.user_id, now)
    uow.bulletins.add(bulletin)
    uow.session.flush()
    _record(uow, principal, bulletin, created, plan.creating)
    _record(uow, principal, bulletin, bulletin.submit(now), plan.creating)
    return bulletin


def revise_emergency(
    uow: UnitOfWork, principal: Principal, bulletin_id: int, content: Content, *, approve_now: bool
) -> Bulletin:
    """New text, areas or end of an emergency (a CAP Update). Replacing an emergency is withdrawing the
    one on air and issuing another, so the caller needs an approver's right over its issuing unit and
    every area it reaches, before and after. `approve_now` puts the new revision on air at once;
    otherwise it waits for an approver."""
    bulletin = get(uow, principal, bulletin_id, for_update=True)
    creating = _creating_area(uow, bulletin)
    require(principal, Permission.APPROVE, [creating, *_target_areas(uow, bulletin)])
    plan = plan_emergency(uow, principal, content, creating.code)
    before = tuple(t.area_path for t in bulletin.targets)
    transition = bulletin.edit(content, _targets(plan.targets), principal.user_id, utcnow())
    _record(uow, principal, bulletin, transition, creating, previous_paths=before)
    if approve_now and bulletin.status == Status.SUBMITTED:
        bulletin = approve(uow, principal, bulletin_id)
    return bulletin


def sweep(uow: UnitOfWork, now: datetime | None = None) -> tuple[int, int]:
    """Publish approved bulletins whose start has come and expire those whose end has passed."""
    now = now or utcnow()
    system = Principal.system()
    published = expired = 0
    for bulletin in uow.bulletins.due_for_expiry(now):
        _record(uow, system, bulletin, bulletin.expire(now), _creating_area(uow, bulletin))
        expired += 1
    for bulletin in uow.bulletins.due_for_publication(now):
        _record(uow, system, bulletin, bulletin.publish(now), _creating_area(uow, bulletin))
        published += 1
    return published, expired


# -- helpers ------------------------------------------------------------------------------------


def _targets(areas_: list[Area]) -> list[BulletinTarget]:
    return [BulletinTarget(area_id=a.id, area_code=a.code, area_path=a.path) for a in areas_]


def _target_areas(uow: UnitOfWork, bulletin: Bulletin) -> list[Area]:
    found = uow.areas.by_ids(t.area_id for t in bulletin.targets)
    return [found[t.area_id] for t in bulletin.targets]


def _creating_area(uow: UnitOfWork, bulletin: Bulletin) -> Area:
    area = uow.areas.get(bulletin.creating_area_id)
    assert area is not None  # a foreign key guarantees it
    return area


def _check_inside(creating: Area, targets: list[Area]) -> None:
    outside = [t for t in targets if not creating.contains(t)]
    if outside:
        names = ", ".join(f"{t.name} ({t.code})" for t in outside)
        raise InvalidInput(
            f"Địa bàn nhận tin phải thuộc {creating.name}; không thuộc: {names}.",
            code="target_outside_creator",
            field="target_codes",
        )


def _creating_area_for(
    uow: UnitOfWork,
    principal: Principal,
    targets: list[Area],
    code: str | None,
    permission: Permission = Permission.DRAFT,
) -> Area:
    """The issuing unit: the one named, which must be an area the caller acts for (it is shown as the
    issuer on the portal and in CAP), or the caller's deepest area that holds every target."""
    if code:
        creating = areas.get(uow, code)
        require(principal, permission, creating)
    elif principal.is_system:
        raise InvalidInput("Cần nêu đơn vị ban hành.", code="creating_area_required", field="creating_area_code")
    else:
        require(principal, permission, targets)  # names the first area outside the caller's scope
        best = home_scope(principal, permission, [t.path for t in targets])
        if best is None:
            raise InvalidInput(
                "Các địa bàn nhận tin không cùng thuộc một địa bàn bạn phụ trách: hãy chọn đơn vị ban hành "
                "hoặc gửi riêng cho từng địa bàn.",
                code="creating_area_required",
                field="creating_area_code",
            )
        creating = areas.get(uow, best.area_code)
    _check_inside(creating, targets)
    return creating


def _record(
    uow: UnitOfWork,
    principal: Principal,
    bulletin: Bulletin,
    transition: Transition,
    creating: Area,
    previous_paths: tuple[str, ...] = (),
) -> None:
    record(
        uow,
        principal,
        f"bulletin.{transition.action}",
        "bulletin",
        bulletin.id,
        from_state=transition.from_status.value if transition.from_status else None,
        to_state=transition.to_status.value,
        reason=transition.reason,
        area_code=creating.code,
        revision=bulletin.revision,
        details={"targets": bulletin.target_codes, "priority": bulletin.priority},
    )
    # Devices may play it now, or did until this change.
    was_live = transition.from_status is not None and is_live(transition.from_status)
    reaches_devices = bulletin.approved_revision is not None or bulletin.is_live or was_live
    uow.emit(
        EVENTS[transition.action](
            bulletin_id=bulletin.id,
            revision=bulletin.revision,
            priority=str(bulletin.priority),
            status=str(bulletin.status),
            area_paths=tuple(t.area_path for t in bulletin.targets),
            previous_paths=previous_paths,
            reaches_devices=reaches_devices,
        )
    )


def areas_of(uow: UnitOfWork, bulletin: Bulletin) -> dict[int, Area]:
    """The issuing unit and the receiving areas of a bulletin, by id (for display)."""
    return uow.areas.by_ids([bulletin.creating_area_id, *(t.area_id for t in bulletin.targets)])
