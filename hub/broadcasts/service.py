"""Use cases of programmes: a commune's operating rules, its scheduled items, the order of its
priority bulletins, and the preview ("what plays at 06:00 on day D in commune X, what is on this
e-board") that shows conflicts before anything is sent.

`plan_for` and `board_for` are what device manifests are built from (`hub.devices.manifest`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from hub.accounts.access import can, require, scopes_for
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import Area, AreaLevel
from hub.audit.service import record
from hub.broadcasts.events import ProgrammeChanged
from hub.broadcasts.model import InterruptPolicy, Recurrence, Rules, ScheduleItem, Span, format_time
from hub.broadcasts.placement import Candidate, Conflict, Plan, Slot, estimate_ms, place, real
from hub.broadcasts.repository import BroadcastRepository, Reaching
from hub.bulletins.model import STATUS_LABELS, Bulletin, Status
from hub.db.uow import UnitOfWork
from hub.kit.errors import InvalidInput, NotFound
from hub.kit.time import VN_TZ, local, utcnow

PRIORITY_RANK = {"emergency": 0, "priority": 1, "normal": 2}
SCHEDULE_PERMISSIONS = (Permission.DRAFT, Permission.APPROVE)  # who schedules plays and orders them
RULE_PERMISSIONS = (Permission.OPERATE_DEVICES, Permission.MANAGE_AREAS)  # who sets a commune's operating rules


@dataclass(frozen=True)
class Programme:
    commune: Area
    rules: Rules
    schedules: list[ScheduleItem]
    titles: dict[int, str]


@dataclass(frozen=True)
class Preview:
    area: Area
    commune: Area
    at: datetime
    plan: Plan
    board: list[Reaching]
    rules: Rules


def repo(uow: UnitOfWork) -> BroadcastRepository:
    return BroadcastRepository(uow.session)


def commune_of(uow: UnitOfWork, area: Area) -> Area:
    """The commune whose programme applies to an area (itself, or the commune above a village)."""
    if area.level == AreaLevel.COMMUNE:
        return area
    for above in reversed(uow.areas.ancestors(area)):
        if above.level == AreaLevel.COMMUNE:
            return above
    raise InvalidInput(
        f"{area.name} (mã {area.code}) không thuộc xã, phường nào: chương trình phát thanh lập theo xã, phường.",
        code="not_in_commune",
        field="area_code",
    )


def rules_for(uow: UnitOfWork, commune: Area) -> Rules:
    return repo(uow).rules(commune.id) or Rules.default(commune.id)


def _require_any(principal: Principal, permissions: tuple[Permission, ...], area: Area) -> None:
    if any(can(principal, p, area) for p in permissions):
        return
    require(principal, permissions[0], area)


# -- reading -------------------------------------------------------------------------------------


def communes_for(uow: UnitOfWork, principal: Principal, limit: int = 1000) -> list[Area]:
    """The communes whose programme the official may read: those of their grants, the commune above
    a village they hold, every commune below a district or province they hold."""
    found: dict[str, Area] = {}
    for scope in scopes_for(principal, Permission.READ):
        area = areas.get(uow, scope.area_code)
        if area.level == AreaLevel.COMMUNE:
            found.setdefault(area.code, area)
        elif any(a.level == AreaLevel.COMMUNE for a in uow.areas.ancestors(area)):
            commune = commune_of(uow, area)
            found.setdefault(commune.code, commune)
        else:
            for below in areas.browse(uow, area.code, AreaLevel.COMMUNE.value, limit):
                found.setdefault(below.code, below)
    return sorted(found.values(), key=lambda a: a.name)[:limit]


def may_set_rules(principal: Principal, commune: Area) -> bool:
    """Whether `set_rules` would let the official change the commune's operating rules."""
    return any(can(principal, p, commune) for p in RULE_PERMISSIONS)


def may_schedule(principal: Principal, commune: Area) -> bool:
    """Whether the official may schedule bulletins and order plays in the commune."""
    return any(can(principal, p, commune) for p in SCHEDULE_PERMISSIONS)


def programme(uow: UnitOfWork, principal: Principal, area_code: str) -> Programme:
    commune = commune_of(uow, areas.get(uow, area_code))
    require(principal, Permission.READ, commune)
    schedules = list(repo(uow).schedules(commune.id))
    ids = {x.bulletin_id for x in schedules}
    titles = {bid: b.title for bid in ids if (b := uow.bulletins.get(bid)) is not None}
    return Programme(commune, rules_for(uow, commune), schedules, titles)


def candidates(uow: UnitOfWork, area: Area, commune: Area, start: datetime, end: datetime) -> list[Candidate]:
    return _candidates(uow, commune, repo(uow).reaching(area, [*uow.areas.ancestors(area), area], start, end))


def _candidates(uow: UnitOfWork, commune: Area, found: list[Reaching]) -> list[Candidate]:
    schedules: dict[int, list[ScheduleItem]] = {}
    for item in repo(uow).schedules(commune.id):
        schedules.setdefault(item.bulletin_id, []).append(item)
    return [
        Candidate(
            bulletin_id=r.id,
            revision=r.revision,
            title=r.title,
            priority=str(r.priority),
            status=str(r.status),
            valid_from=r.valid_from,
            valid_until=r.valid_until,
            published_at=r.published_at,
            duration_ms=r.duration_ms or estimate_ms(f"{r.title}. {r.body}"),
            estimated=r.duration_ms is None,
            schedules=tuple(schedules.get(r.id, ())),
        )
        for r in found
    ]


def plan_for(uow: UnitOfWork, area: Area, start: datetime, end: datetime) -> tuple[Plan, Rules]:
    """What the loudspeakers of `area` play between `start` and `end`."""
    commune = commune_of(uow, area)
    rules = rules_for(uow, commune)
    # An emergency published a while ago is still in the plan (devices decide by `latest_start`).
    return place(rules, candidates(uow, area, commune, start - timedelta(hours=12), end), start, end), rules


@dataclass(frozen=True)
class Delivery:
    """Everything a device of an area gets, from one read of the bulletins that reach it."""

    ancestors: list[Area]
    plan: Plan
    rules: Rules
    board: list[Reaching]


def delivery(uow: UnitOfWork, area: Area, start: datetime, end: datetime, at: datetime) -> Delivery:
    """The plays between `start` and `end` (emergencies published up to 12 hours before included) and
    the board at `at` (within [start, end)) for the devices of `area`."""
    ancestors = uow.areas.ancestors(area)
    if area.level == AreaLevel.COMMUNE:
        commune = area
    else:
        commune = next((a for a in reversed(ancestors) if a.level == AreaLevel.COMMUNE), None) or commune_of(uow, area)
    rules = rules_for(uow, commune)
    found = repo(uow).reaching(area, [*ancestors, area], start - timedelta(hours=12), end)
    plan = place(rules, _candidates(uow, commune, found), start - timedelta(hours=12), end)
    return Delivery(ancestors, plan, rules, _board(found, at))


def board_for(uow: UnitOfWork, area: Area, at: datetime, limit: int = 30) -> list[Reaching]:
    """What an e-board of `area` shows at `at`: live bulletins, emergencies first."""
    found = repo(uow).reaching(area, [*uow.areas.ancestors(area), area], at, at + timedelta(seconds=1))
    return _board(found, at, limit)


def _board(found: list[Reaching], at: datetime, limit: int = 30) -> list[Reaching]:
    shown = [r for r in found if r.valid_from <= at and (r.valid_until is None or r.valid_until > at)]
    shown.sort(key=lambda r: (PRIORITY_RANK.get(str(r.priority), 3), -(r.published_at or r.valid_from).timestamp()))
    return shown[:limit]


def preview(uow: UnitOfWork, principal: Principal, area_code: str, at: datetime, hours: float = 24) -> Preview:
    area = areas.get(uow, area_code)
    require(principal, Permission.READ, area)
    commune = commune_of(uow, area)
    start, end = at, at + timedelta(hours=hours)
    plan, rules = plan_for(uow, area, start, end)
    plan.conflicts.extend(_dead_schedules(uow, commune, start))
    return Preview(area, commune, at, plan, board_for(uow, area, at), rules)


def _dead_schedules(uow: UnitOfWork, commune: Area, at: datetime) -> list[Conflict]:
    """Scheduled bulletins that cannot play: not approved yet, withdrawn, expired."""
    out = []
    for item in repo(uow).schedules(commune.id):
        bulletin = uow.bulletins.get(item.bulletin_id)
        if bulletin is None or bulletin.is_live:
            continue
        out.append(
            Conflict(
                at,
                "error",
                "bulletin_not_live",
                f"“{bulletin.title}” (số {bulletin.id}) đã được xếp lịch nhưng chưa được duyệt hoặc đã hết hiệu lực "
                f"(trạng thái: {STATUS_LABELS[Status(bulletin.status)].lower()}): sẽ không phát.",
                (bulletin.id,),
            )
        )
    return out


# -- writing -------------------------------------------------------------------------------------


def set_rules(
    uow: UnitOfWork,
    principal: Principal,
    area_code: str,
    *,
    windows: list[list[str]],
    quiet: list[list[str]],
    max_volume: int,
    interrupt_policy: InterruptPolicy,
) -> Rules:
    commune = commune_of(uow, areas.get(uow, area_code))
    _require_any(principal, RULE_PERMISSIONS, commune)
    rules = repo(uow).rules(commune.id)
    if rules is None:
        rules = Rules.default(commune.id)
        repo(uow).add(rules)
    rules.change(windows, quiet, max_volume, interrupt_policy, utcnow(), principal.user_id)
    record(
        uow,
        principal,
        "broadcast.rules",
        "area",
        commune.code,
        area_code=commune.code,
        details={"windows": rules.windows, "quiet": rules.quiet, "max_volume": max_volume},
    )
    uow.emit(ProgrammeChanged(area_code=commune.code, area_path=commune.path, change="rules"))
    return rules


def _bulletin_for(uow: UnitOfWork, principal: Principal, bulletin_id: int, commune: Area) -> Bulletin:
    bulletin = uow.bulletins.get(bulletin_id)
    if bulletin is None:
        raise NotFound(f"Không tìm thấy tin số {bulletin_id}.", code="bulletin_not_found")
    ancestors = {a.path for a in uow.areas.ancestors(commune)} | {commune.path}
    if not any(t.area_path in ancestors or t.area_path.startswith(commune.path) for t in bulletin.targets):
        raise InvalidInput(
            f"Tin số {bulletin_id} không gửi tới {commune.name}: không xếp lịch được.",
            code="bulletin_not_for_area",
            field="bulletin_id",
        )
    if bulletin.status in (Status.REJECTED, Status.WITHDRAWN, Status.EXPIRED):
        raise InvalidInput(
            f"Tin số {bulletin_id} đã bị từ chối, thu hồi hoặc hết hiệu lực: không xếp lịch được.",
            code="bulletin_not_live",
            field="bulletin_id",
        )
    return bulletin


@dataclass(frozen=True)
class Plays:
    """When a bulletin should play, as an official asks for it (one `ScheduleItem` once checked)."""

    recurrence: Recurrence
    times: list[str]
    days: list[str]
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class Clash:
    """A conflict the new schedule brings, said once with how many times it happens."""

    code: str
    severity: str
    detail: str
    times: int


@dataclass(frozen=True)
class ScheduleCheck:
    """What a schedule would do before it is saved (or did, once saved): the plays it makes in the
    week from its first day, and the real conflicts it adds to the commune's programme."""

    commune: Area
    bulletin_id: int
    title: str
    item: ScheduleItem
    plays: list[Slot]
    clashes: list[Clash]
    saved: bool = False

    @property
    def waits(self) -> int:
        """How many plays wait for another item of the same moment (routine, not a conflict)."""
        return sum(1 for s in self.plays if s.start > s.planned)

    @property
    def longest_wait(self) -> str:
        late = max((int((s.start - s.planned).total_seconds()) for s in self.plays), default=0)
        return f"{late // 60} phút {late % 60} giây"

    @property
    def errors(self) -> int:
        return sum(1 for c in self.clashes if c.severity == "error")


CHECK_DAYS = 7  # the conflicts preview looks at a week from the schedule's first play
SEARCH_DAYS = 400  # how far ahead a schedule's first play is looked for


def _prepare(
    uow: UnitOfWork, principal: Principal, area_code: str, bulletin_id: int, plays: Plays
) -> tuple[Area, Bulletin, ScheduleItem]:
    commune = commune_of(uow, areas.get(uow, area_code))
    _require_any(principal, SCHEDULE_PERMISSIONS, commune)
    bulletin = _bulletin_for(uow, principal, bulletin_id, commune)
    item = ScheduleItem.create(
        commune.id,
        bulletin_id,
        plays.recurrence,
        plays.times,
        plays.days,
        plays.starts_on,
        plays.ends_on,
        utcnow(),
        principal.user_id,
    )
    rules = rules_for(uow, commune)
    quiet = [t for t in item.time_list() if rules.in_quiet(t)]
    if quiet and str(bulletin.priority) != "emergency":
        raise InvalidInput(
            f"Giờ {', '.join(x.strftime('%H:%M') for x in quiet)} nằm trong giờ yên tĩnh của {commune.name} "
            f"({', '.join('–'.join(q) for q in rules.quiet)}).",
            code="quiet_hours",
            field="times",
        )
    return commune, bulletin, item


def _first_day(item: ScheduleItem, today: date) -> date | None:
    for i in range(SEARCH_DAYS):
        day = today + timedelta(days=i)
        if item.ends_on and day > item.ends_on:
            return None
        if item.plays_on(day):
            return day
    return None


def _check(
    uow: UnitOfWork, commune: Area, bulletin: Bulletin, item: ScheduleItem, now: datetime, saved: bool
) -> ScheduleCheck:
    """The plan of the commune's week from the item's first play, with and without the item: the
    item's plays, and the real conflicts that only the item brings."""
    first = _first_day(item, local(now).date())
    if first is None:
        clash = Clash(
            "never_plays",
            "error",
            f"Lịch này không có lần phát nào từ hôm nay (tin số {bulletin.id}): hãy xem lại ngày phát.",
            1,
        )
        return ScheduleCheck(commune, bulletin.id, bulletin.title, item, [], [clash], saved)
    start = max(now, datetime.combine(first, time(0), tzinfo=VN_TZ).astimezone(UTC))
    end = datetime.combine(first + timedelta(days=CHECK_DAYS), time(0), tzinfo=VN_TZ).astimezone(UTC)
    rules = rules_for(uow, commune)
    found = _candidates(uow, commune, repo(uow).reaching(commune, [*uow.areas.ancestors(commune), commune], start, end))
    mine = next((c for c in found if c.bulletin_id == bulletin.id), None)
    if mine is None:  # not approved yet (the compose form, a bulletin awaiting approval): as if it were
        mine = Candidate(
            bulletin_id=bulletin.id,
            revision=bulletin.revision,
            title=bulletin.title,
            priority=str(bulletin.priority),
            status="approved",
            valid_from=bulletin.valid_from,
            valid_until=bulletin.valid_until,
            published_at=None,
            duration_ms=estimate_ms(f"{bulletin.title}. {bulletin.body}"),
            estimated=True,
            schedules=tuple(x for x in repo(uow).schedules(commune.id) if x.bulletin_id == bulletin.id),
        )
        found.append(mine)
    schedules = mine.schedules if saved else (*mine.schedules, item)
    without = [c for c in found if c is not mine] + [_with(mine, tuple(x for x in schedules if x is not item))]
    with_item = [c for c in found if c is not mine] + [_with(mine, schedules)]
    before = {_key(c) for c in real(place(rules, without, start, end).conflicts)}
    plan = place(rules, with_item, start, end)
    brought = [c for c in real(plan.conflicts) if _key(c) not in before]
    grouped: dict[tuple[str, tuple[int, ...]], list[Conflict]] = {}
    for c in brought:
        grouped.setdefault((c.code, tuple(sorted(c.bulletin_ids))), []).append(c)
    clashes = [Clash(k[0], v[0].severity, v[0].detail, len(v)) for k, v in grouped.items()]
    times = set(item.times)
    plays = [
        s
        for s in plan.slots
        if s.bulletin_id == bulletin.id
        and s.reason == "schedule"
        and _hhmm(s.planned) in times
        and item.plays_on(local(s.planned).date())
    ]
    if not plays:
        detail = (
            f"“{bulletin.title}” không phát lần nào theo lịch này trong {CHECK_DAYS} ngày từ {first:%d/%m}: "
            "tin chưa tới thời điểm bắt đầu hoặc đã hết hiệu lực."
        )
        clashes.append(Clash("no_plays", "error", detail, 1))
    return ScheduleCheck(commune, bulletin.id, bulletin.title, item, plays, clashes, saved)


def _with(c: Candidate, schedules: tuple[ScheduleItem, ...]) -> Candidate:
    from dataclasses import replace

    return replace(c, schedules=schedules)


def _key(c: Conflict) -> tuple[datetime, str, tuple[int, ...]]:
    return (c.at, c.code, c.bulletin_ids)


def _hhmm(moment: datetime) -> str:
    here = local(moment)
    return here.strftime("%H:%M") if here.second == 0 else here.strftime("%H:%M:%S")


def check_schedule(
    uow: UnitOfWork, principal: Principal, area_code: str, bulletin_id: int, plays: Plays, now: datetime | None = None
) -> ScheduleCheck:
    """The conflicts preview: what the schedule would play and what it would clash with, saving nothing."""
    commune, bulletin, item = _prepare(uow, principal, area_code, bulletin_id, plays)
    return _check(uow, commune, bulletin, item, now or utcnow(), saved=False)


def schedule(
    uow: UnitOfWork, principal: Principal, area_code: str, bulletin_id: int, plays: Plays, now: datetime | None = None
) -> ScheduleCheck:
    """Schedule plays of a bulletin in a commune (the one implementation behind the API, the web
    pages and `/lich`): checked, stored, audited; the check says what it plays and clashes with."""
    commune, bulletin, item = _prepare(uow, principal, area_code, bulletin_id, plays)
    repo(uow).add(item)
    repo(uow).flush()
    record(
        uow,
        principal,
        "broadcast.schedule",
        "bulletin",
        bulletin_id,
        area_code=commune.code,
        details={
            "schedule_id": item.id,
            "recurrence": item.recurrence,
            "times": item.times,
            "days": item.days,
            "starts_on": item.starts_on.isoformat() if item.starts_on else None,
            "ends_on": item.ends_on.isoformat() if item.ends_on else None,
        },
    )
    uow.emit(ProgrammeChanged(area_code=commune.code, area_path=commune.path, change="schedule"))
    return _check(uow, commune, bulletin, item, now or utcnow(), saved=True)


def add_schedule(
    uow: UnitOfWork,
    principal: Principal,
    area_code: str,
    bulletin_id: int,
    recurrence: Recurrence,
    times: list[str],
    days: list[str],
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> ScheduleItem:
    return schedule(uow, principal, area_code, bulletin_id, Plays(recurrence, times, days, starts_on, ends_on)).item


@dataclass(frozen=True)
class NextWindow:
    day: date
    span: Span

    @property
    def plays(self) -> Plays:
        return Plays(Recurrence.ONCE, [format_time(self.span.start)], [self.day.isoformat()])

    def label(self, today: date) -> str:
        when = {0: "hôm nay", 1: "ngày mai"}.get((self.day - today).days, "")
        return f"{self.span.label()} {when} ({self.day:%d/%m})".replace("  ", " ")


def next_window(uow: UnitOfWork, commune: Area, now: datetime) -> NextWindow | None:
    """The commune's next broadcast window that has not opened yet."""
    spans = sorted(rules_for(uow, commune).window_spans(), key=lambda w: w.start)
    today = local(now).date()
    for i in range(8):
        day = today + timedelta(days=i)
        for span in spans:
            if datetime.combine(day, span.start, tzinfo=VN_TZ) > local(now):
                return NextWindow(day, span)
    return None


def schedule_next_window(
    uow: UnitOfWork, principal: Principal, area_code: str, bulletin_id: int, now: datetime | None = None
) -> ScheduleCheck:
    """One click: the bulletin plays once, at the opening of the commune's next broadcast window."""
    now = now or utcnow()
    commune = commune_of(uow, areas.get(uow, area_code))
    found = next_window(uow, commune, now)
    if found is None:
        raise InvalidInput(
            f"{commune.name} chưa có khung giờ phát nào: hãy đặt khung giờ trong quy chế phát, hoặc chọn giờ phát.",
            code="no_window",
            field="times",
        )
    return schedule(uow, principal, commune.code, bulletin_id, found.plays, now)


def remove_schedule(uow: UnitOfWork, principal: Principal, schedule_id: int) -> ScheduleItem:
    item = repo(uow).schedule(schedule_id)
    if item is None:
        raise NotFound(f"Không tìm thấy lịch phát số {schedule_id}.", code="schedule_not_found")
    commune = uow.areas.get(item.area_id)
    assert commune is not None
    _require_any(principal, SCHEDULE_PERMISSIONS, commune)
    repo(uow).delete(item)
    record(
        uow,
        principal,
        "broadcast.unschedule",
        "bulletin",
        item.bulletin_id,
        area_code=commune.code,
        details={"schedule_id": schedule_id},
    )
    uow.emit(ProgrammeChanged(area_code=commune.code, area_path=commune.path, change="unschedule"))
    return item


def set_priority_order(uow: UnitOfWork, principal: Principal, area_code: str, bulletin_ids: list[int]) -> Rules:
    """The commune orders its colliding priority bulletins (first plays first)."""
    commune = commune_of(uow, areas.get(uow, area_code))
    _require_any(principal, SCHEDULE_PERMISSIONS, commune)
    if len(set(bulletin_ids)) != len(bulletin_ids):
        raise InvalidInput("Mỗi tin chỉ xuất hiện một lần trong thứ tự.", code="order_duplicate", field="bulletin_ids")
    for bid in bulletin_ids:
        bulletin = _bulletin_for(uow, principal, bid, commune)
        if str(bulletin.priority) != "priority":
            raise InvalidInput(
                f"Tin số {bid} không phải tin ưu tiên: chỉ tin ưu tiên mới cần xếp thứ tự.",
                code="not_priority",
                field="bulletin_ids",
            )
    rules = repo(uow).rules(commune.id)
    if rules is None:
        rules = Rules.default(commune.id)
        repo(uow).add(rules)
    # Orders of normal bulletins claiming the same moment (`set_play_order`) stay.
    kept = [
        b
        for b in rules.priority_order
        if b not in bulletin_ids and (found := uow.bulletins.get(b)) is not None and str(found.priority) != "priority"
    ]
    rules.priority_order = [*bulletin_ids, *kept]
    rules.updated_at, rules.updated_by_id = utcnow(), principal.user_id
    record(uow, principal, "broadcast.priority_order", "area", commune.code, details={"order": bulletin_ids})
    uow.emit(ProgrammeChanged(area_code=commune.code, area_path=commune.path, change="priority_order"))
    return rules


def set_play_order(uow: UnitOfWork, principal: Principal, area_code: str, bulletin_ids: list[int]) -> Rules:
    """The order in which bulletins claiming the same moment of a window play (dragged, or moved with
    the up/down buttons): they take the place of the first of them in the commune's order."""
    commune = commune_of(uow, areas.get(uow, area_code))
    _require_any(principal, SCHEDULE_PERMISSIONS, commune)
    if len(set(bulletin_ids)) != len(bulletin_ids) or len(bulletin_ids) < 2:
        raise InvalidInput(
            "Thứ tự cần ít nhất hai tin khác nhau, mỗi tin một lần.", code="order_invalid", field="bulletin_ids"
        )
    for bid in bulletin_ids:
        _bulletin_for(uow, principal, bid, commune)
    rules = repo(uow).rules(commune.id)
    if rules is None:
        rules = Rules.default(commune.id)
        repo(uow).add(rules)
    before = list(rules.priority_order)
    at = min((before.index(b) for b in bulletin_ids if b in before), default=len(before))
    rest = [b for b in before if b not in bulletin_ids]
    at = len([b for b in before[:at] if b not in bulletin_ids])
    rules.priority_order = [*rest[:at], *bulletin_ids, *rest[at:]]
    rules.updated_at, rules.updated_by_id = utcnow(), principal.user_id
    record(uow, principal, "broadcast.play_order", "area", commune.code, area_code=commune.code,
           details={"order": bulletin_ids})  # fmt: skip
    uow.emit(ProgrammeChanged(area_code=commune.code, area_path=commune.path, change="play_order"))
    return rules


def unscheduled(
    uow: UnitOfWork, principal: Principal, area_code: str, now: datetime, limit: int = 20
) -> list[Reaching]:
    """Approved normal bulletins that reach the commune but have no schedule there: they never play
    (a normal bulletin plays only when scheduled)."""
    commune = commune_of(uow, areas.get(uow, area_code))
    require(principal, Permission.READ, commune)
    found = repo(uow).reaching(commune, [*uow.areas.ancestors(commune), commune], now, now + timedelta(days=31))
    planned = {x.bulletin_id for x in repo(uow).schedules(commune.id)}
    return [r for r in found if str(r.priority) == "normal" and r.id not in planned][:limit]
