"""Use cases of the annual report: build its figures for an area and a period, and export it.

Every channel (the API, the web page, `ttcs report annual`) calls `export`: it checks that the
official may read the area (the report of a subtree is as private as its data), builds the figures
from aggregate queries, renders the format asked for and writes one audit row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime

from hub.accounts.access import can, require
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import LEVEL_LABELS, Area, AreaLevel
from hub.audit.service import record
from hub.bulletins.categories import CATEGORIES, Category
from hub.bulletins.model import PRIORITY_LABELS, Priority
from hub.calls.model import RESULT_LABELS as CALL_LABELS
from hub.contacts.model import CHANNEL_LABELS
from hub.db.uow import UnitOfWork
from hub.devices.model import Kind
from hub.feedback.model import CLASSIFICATION_LABELS, UNANSWERED, Classification
from hub.kit.errors import InvalidInput
from hub.kit.time import utcnow
from hub.messaging.model import DELIVERY_LABELS, Delivery
from hub.reports import device_availability as device_figures
from hub.reports import training
from hub.reports.model import (
    FORMATS,
    MEDIA_TYPES,
    AnnualReport,
    AreaLine,
    BroadcastFigures,
    BulletinFigures,
    CallFigures,
    FeedbackFigures,
    Period,
    ReachFigures,
    Row,
)
from hub.reports.repository import SOUNDED, ReportRepository
from hub.reports.scheduled import Fleet, Scheduled, scheduled
from hub.reports.trend import previous_years

PLAY_LABELS = {
    "played": "Phát trọn vẹn",
    "interrupted": "Bị tin khẩn cấp ngắt",
    "stopped": "Dừng theo lệnh",
    "missed": "Bỏ lỡ (mất kết nối, thiếu âm thanh)",
    "failed": "Lỗi khi phát",
}
STREAMS = {"live": "Phát trực tiếp", "relay": "Tiếp sóng"}  # what played, besides bulletins
DELIVERED = (Delivery.SENT.value, Delivery.KEPT.value)
MAX_DAYS = 3 * 366  # a custom period is bounded: the scheduled plays are counted day by day


@dataclass(frozen=True)
class Unit:
    """A unit right under the reported area (plain, not a mapped `Area`: it is read in hot loops)."""

    code: str
    name: str
    path: str


@dataclass(frozen=True)
class Export:
    content: bytes
    filename: str
    media_type: str


def period_for(year: int | None, first_day: date | None = None, last_day: date | None = None) -> Period:
    """The plan's period of `year` (the current reporting year by default), or explicit days."""
    chosen = year if year is not None else Period.year_of(utcnow())
    if not 2000 <= chosen <= 9998:  # the calendar ends at 9999 and a period starts the year before
        raise InvalidInput(f"Năm báo cáo {chosen} không hợp lệ (từ 2000 đến 9998).", code="year_invalid", field="year")
    default = Period.annual(chosen)
    period = Period(first_day or default.first_day, last_day or default.last_day)
    if period.days > MAX_DAYS:
        raise InvalidInput(
            f"Kỳ báo cáo dài tối đa {MAX_DAYS} ngày; hãy lập báo cáo cho từng năm.", code="period_too_long", field="to"
        )
    return period


def build(
    uow: UnitOfWork,
    principal: Principal,
    area_code: str,
    year: int | None = None,
    *,
    first_day: date | None = None,
    last_day: date | None = None,
    now: datetime | None = None,
) -> AnnualReport:
    """The report as of `now` (the report date; default: this moment)."""
    area = areas.get(uow, area_code)
    require(principal, Permission.READ, area)
    period = period_for(year, first_day, last_day)
    now = now or utcnow()
    repo = ReportRepository(uow.session)
    ancestors = uow.areas.ancestors(area)
    children = [Unit(code, name, path) for code, name, path in repo.children(area)]
    bulletins, per_unit_bulletins = _bulletins(repo, area, ancestors, period, children)
    broadcasts, per_unit_minutes = _broadcasts(repo, area, ancestors, period, now)
    devices_in = repo.devices(area, period)
    feedback, per_unit_feedback = _feedback(repo, area, period, now)
    units = [
        AreaLine(
            child.code,
            child.name,
            per_unit_bulletins.get(child.path, 0),
            _unit_minutes(per_unit_minutes, child.path, "played"),
            sum(1 for x in devices_in if x.area_path.startswith(child.path)),
            *_unit_feedback(per_unit_feedback, child.path),
            live_minutes=_unit_minutes(per_unit_minutes, child.path, "live"),
            relayed_minutes=_unit_minutes(per_unit_minutes, child.path, "relay"),
        )
        for child in children
    ]
    report = AnnualReport(
        area_code=area.code,
        area_name=area.name,
        year=period.last_day.year,
        period=period,
        generated_at=now,
        generated_by=principal.full_name or principal.username,
        bulletins=bulletins,
        broadcasts=broadcasts,
        devices=device_figures.figures(
            devices_in,
            repo.alerts(area, period),
            period,
            now,
            seen=repo.seen(area, period.start, min(period.end, max(now, period.start))),
            history_since=repo.history_since(),
        ),
        reach=_reach(repo, area, period),
        calls=_calls(repo, area, period),
        feedback=feedback,
        units=units,
        training=training.figures(uow, area, period),
    )
    if period == Period.annual(period.last_day.year):  # the plan's period: compared with earlier years
        return replace(report, trend=previous_years(uow.session, area.id, report.year))
    return report


def export(
    uow: UnitOfWork,
    principal: Principal,
    area_code: str,
    fmt: str,
    year: int | None = None,
    *,
    first_day: date | None = None,
    last_day: date | None = None,
) -> Export:
    _check_format(fmt)
    report = build(uow, principal, area_code, year, first_day=first_day, last_day=last_day)
    made = render(report, fmt)
    record(
        uow,
        principal,
        "report.annual",
        "report",
        f"{report.area_code}:{report.year}",
        area_code=report.area_code,
        details={"format": fmt, "from": report.period.first_day.isoformat(), "to": report.period.last_day.isoformat()},
    )
    return made


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InvalidInput(
            f"Định dạng “{fmt}” không hỗ trợ; chọn xlsx, pdf hoặc html.", code="format_invalid", field="format"
        )


def render(report: AnnualReport, fmt: str) -> Export:
    """The report (live, frozen or as submitted) drawn in one of the formats."""
    _check_format(fmt)
    from hub.reports import render_html, render_pdf, render_xlsx

    renderer = {"xlsx": render_xlsx.render, "pdf": render_pdf.render, "html": render_html.render}[fmt]
    return Export(renderer(report), report.filename(fmt), MEDIA_TYPES[fmt])


def _rows(counts: Counter[str], labels: dict[str, str], order: list[str] | None = None) -> list[Row]:
    keys = order if order is not None else sorted(counts, key=lambda k: (-counts[k], k))
    return [Row(k, labels.get(k, k), counts.get(k, 0)) for k in keys]


def _bulletins(
    repo: ReportRepository, area: Area, ancestors: list[Area], period: Period, children: list[Unit]
) -> tuple[BulletinFigures, dict[str, int]]:
    pairs = repo.bulletin_targets(area, ancestors, period)
    months = period.months()
    seen: dict[int, tuple[str, str, str, datetime]] = {}
    reaches: dict[int, set[str]] = defaultdict(set)
    root, depth = area.path, len(area.path)
    for p in pairs:
        seen[p.bulletin_id] = (p.issuer_level, p.priority, p.category, p.approved_at)
        if not p.target_path.startswith(root) or p.target_path == root:
            reaches[p.bulletin_id].add("*")  # sent to the whole area or above it: every unit
        else:  # the unit right under the area that the target is in: "/66/" + "24169/…" → "/66/24169/"
            reaches[p.bulletin_id].add(root + p.target_path[depth:].split("/", 1)[0] + "/")
    level, priority, category, month = Counter[str](), Counter[str](), Counter[str](), Counter[str]()
    for issuer, prio, cat, approved in seen.values():
        level[issuer] += 1
        priority[prio] += 1
        category[cat] += 1
        month[_month_of(approved, months)] += 1
    everywhere, per_path = 0, Counter[str]()
    for reached in reaches.values():
        if "*" in reached:
            everywhere += 1
        else:
            per_path.update(reached)
    per_unit = {c.path: everywhere + per_path[c.path] for c in children}
    figures = BulletinFigures(
        total=len(seen),
        by_level=_rows(level, {str(k): v for k, v in LEVEL_LABELS.items()}, [x.value for x in AreaLevel]),
        by_priority=_rows(priority, {str(k): v for k, v in PRIORITY_LABELS.items()}, [x.value for x in Priority]),
        by_category=_rows(category, {k.value: v.label for k, v in CATEGORIES.items()}, [x.value for x in Category]),
        by_month=[Row(label, label, month.get(label, 0)) for label, _ in months],
        from_source=repo.from_source(seen),
    )
    return figures, per_unit


def _month_of(moment: datetime, months: list[tuple[str, datetime]]) -> str:
    label = months[0][0]
    for name, start in months:
        if moment >= start:
            label = name
    return label


def _broadcasts(
    repo: ReportRepository, area: Area, ancestors: list[Area], period: Period, now: datetime
) -> tuple[BroadcastFigures, dict[str, dict[str, float]]]:
    """The broadcast figures, and per device area path the minutes played ("played") and, of them,
    live ("live") and relayed ("relay")."""
    speakers = [x for x in repo.devices(area, period) if x.kind == Kind.LOUDSPEAKER.value]
    rows = repo.schedules(area, ancestors, period)
    fleets = {
        path: Fleet(x for x in speakers if x.area_path.startswith(path)) for path in {r.commune_path for r in rows}
    }
    # Mid-period, only the plays that were due by now: the rest of the year's programme cannot have
    # played yet (the report says "tính đến" that moment).
    until = now if now < period.end else None
    planned = sum(scheduled(rows, fleets, period, until).values(), Scheduled())
    on_schedule, on_schedule_seconds, _ = repo.plays_on_schedule(area, period)
    results = Counter[str]()
    seconds_by_priority: dict[str, float] = defaultdict(float)
    per_path: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for path, result, what, plays, seconds in repo.plays(area, period):
        results[result] += plays
        if result in SOUNDED:
            seconds_by_priority[what] += seconds
            per_path[path]["played"] += seconds / 60
            if what in STREAMS:
                per_path[path][what] += seconds / 60
    priority_labels = {str(k): v for k, v in PRIORITY_LABELS.items()} | {"": "Không rõ tin"} | STREAMS
    priorities = [x.value for x in Priority]
    figures = BroadcastFigures(
        loudspeakers=len(speakers),
        scheduled_until=until,
        scheduled_plays=planned.plays,
        scheduled_minutes=planned.minutes,
        played_on_schedule=on_schedule,
        played_on_schedule_minutes=on_schedule_seconds / 60,
        plays_by_result=_rows(results, PLAY_LABELS, list(PLAY_LABELS)),
        played_minutes=sum(seconds_by_priority.values()) / 60,
        played_minutes_by_priority=[
            (k, priority_labels[k], seconds_by_priority.get(k, 0.0) / 60)
            for k in [*priorities, *STREAMS, ""]
            if k in priorities or seconds_by_priority.get(k)
        ],
        live_minutes=seconds_by_priority.get("live", 0.0) / 60,
        relayed_minutes=seconds_by_priority.get("relay", 0.0) / 60,
    )
    return figures, {path: dict(minutes) for path, minutes in per_path.items()}


def _reach(repo: ReportRepository, area: Area, period: Period) -> ReachFigures:
    subscribers = repo.subscribers(area, period)
    news, answers = repo.news_messages(area, period), repo.answer_messages(area, period)
    statuses = Counter[str]()
    for status, count in [*news, *answers]:
        statuses[status] += count
    return ReachFigures(
        subscribers=sum(x[1] for x in subscribers),
        new_subscribers=sum(x[2] for x in subscribers),
        subscribers_by_channel=[Row(ch, CHANNEL_LABELS.get(ch, ch), n) for ch, n, _ in sorted(subscribers)],
        news_told=sum(n for _, n in news),
        news_delivered=sum(n for status, n in news if status in DELIVERED),
        answers_sent=sum(n for _, n in answers),
        answers_delivered=sum(n for status, n in answers if status in DELIVERED),
        messages_by_status=_rows(
            statuses, {str(k): v for k, v in DELIVERY_LABELS.items()}, [x.value for x in Delivery]
        ),
    )


def _calls(repo: ReportRepository, area: Area, period: Period) -> CallFigures:
    found = repo.calls(area, period)
    counts = Counter({result: n for result, n, _, _ in found})
    return CallFigures(
        calls=sum(x[1] for x in found),
        minutes=sum(x[2] for x in found) / 60,
        by_result=_rows(counts, {str(k): v for k, v in CALL_LABELS.items()}),
        cases_filed=sum(x[3] for x in found),
    )


def _feedback(
    repo: ReportRepository, area: Area, period: Period, now: datetime
) -> tuple[FeedbackFigures, dict[str, Counter[str]]]:
    months = period.months()
    totals = Counter[str]()
    channels, kinds, month = Counter[str](), Counter[str](), Counter[str]()
    per_path: dict[str, Counter[str]] = defaultdict(Counter)
    unanswered = {str(x) for x in UNANSWERED}
    for path, status, channel, kind, index, answered, on_time, overdue, count in repo.feedback(
        area, period, now, [start for _, start in months]
    ):
        status = str(status)
        totals["received"] += count
        per_path[path]["received"] += count
        channels[channel] += count
        kinds[str(kind)] += count
        month[months[int(index)][0]] += count
        if status == "merged":
            totals["merged"] += count
        if answered:
            totals["answered"] += count
            per_path[path]["answered"] += count
        if on_time:
            totals["on_time"] += count
            per_path[path]["on_time"] += count
        if not answered and status in ("forwarded_out", "rejected"):
            totals["closed_otherwise"] += count
        if status in unanswered:
            totals["overdue" if overdue else "in_time"] += count
    figures = FeedbackFigures(
        received=totals["received"],
        merged=totals["merged"],
        answered=totals["answered"],
        answered_on_time=totals["on_time"],
        closed_otherwise=totals["closed_otherwise"],
        open_in_time=totals["in_time"],
        open_overdue=totals["overdue"],
        by_channel=_rows(channels, CHANNEL_LABELS),
        by_classification=_rows(
            kinds, {str(k): v for k, v in CLASSIFICATION_LABELS.items()}, [x.value for x in Classification]
        ),
        by_month=[Row(label, label, month.get(label, 0)) for label, _ in months],
    )
    return figures, per_path


def _unit_minutes(per_path: dict[str, dict[str, float]], path: str, what: str) -> float:
    return sum(minutes.get(what, 0.0) for p, minutes in per_path.items() if p.startswith(path))


def _unit_feedback(per_path: dict[str, Counter[str]], path: str) -> tuple[int, int, int]:
    inside = [c for p, c in per_path.items() if p.startswith(path)]
    return (
        sum(c["received"] for c in inside),
        sum(c["on_time"] for c in inside),
        sum(c["answered"] for c in inside),
    )


def area_choices(uow: UnitOfWork, principal: Principal) -> list[tuple[str, str]]:
    """(code, name) of the areas the official may report on: their own and the units right under them."""
    if principal.is_system:
        root = uow.areas.root()
        tops = [root] if root else []
    else:
        found = uow.areas.by_codes(s.area_code for s in principal.scopes)
        tops = [
            found[s.area_code]
            for s in principal.scopes
            if s.area_code in found and can(principal, Permission.READ, found[s.area_code])
        ]
    choices: dict[str, str] = {}
    for top in tops:
        choices[top.code] = top.name
        for code, name, _ in ReportRepository(uow.session).children(top):
            choices.setdefault(code, f"— {name}")
    return list(choices.items())
