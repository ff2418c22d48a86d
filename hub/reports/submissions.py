"""The plan's reporting duty: freeze the period's figures, communes submit, the province compiles.

After 14/12 23:59 (Asia/Ho_Chi_Minh) the figures of the period that ended are frozen per area (the
province and every commune) by a periodic job; `ttcs report freeze` freezes them again, with a reason,
when late data must count (the older snapshot is kept, no longer current). A commune's approver reads
the frozen figures, writes the narrative parts (what was done, difficulties, proposals) and submits:
the submission keeps a copy of the figures and is never changed (a later submission is a new row). The
province sees which communes submitted, reminds those that did not (before 18/12), writes its own
narrative and downloads the compiled report (due 20/12) as XLSX, PDF or HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update

from hub.accounts.access import require
from hub.accounts.model import Permission, Principal, Role
from hub.areas import service as areas
from hub.areas.model import Area, AreaLevel
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.kit.errors import Conflict, InvalidInput, NotFound
from hub.kit.time import format_local, local, utcnow
from hub.messaging import service as messaging
from hub.messaging.model import Kind
from hub.reports import service, snapshot
from hub.reports.model import AnnualReport, Narrative, Period, UnitNarrative
from hub.reports.tables import reminder_table, snapshot_table, submission_table

SYSTEM = Principal.system("system")
AUTO_REASON = "Tự động chốt số liệu khi hết kỳ báo cáo (hết ngày 14/12)."
MAX_PART = 20_000
COMMUNES_DUE = (12, 18)  # communes report to the province before 18/12
PROVINCE_DUE = (12, 20)  # the province reports before 20/12


@dataclass(frozen=True)
class Frozen:
    area_code: str
    snapshot_id: int


@dataclass(frozen=True)
class Submitted:
    id: int
    area_code: str
    area_name: str
    year: int
    submitted_at: datetime
    submitted_by: str
    narrative: Narrative


@dataclass(frozen=True)
class CommuneStatus:
    code: str
    name: str
    frozen_at: datetime | None
    submitted: Submitted | None
    reminded_at: datetime | None


@dataclass(frozen=True)
class ProvinceStatus:
    year: int
    province: Area
    communes: list[CommuneStatus]
    own: Submitted | None
    communes_due: date
    province_due: date

    @property
    def missing(self) -> list[CommuneStatus]:
        return [c for c in self.communes if c.submitted is None]


def _province(uow: UnitOfWork) -> Area:
    root = uow.areas.root()
    if root is None:
        raise NotFound("Chưa có địa bàn tỉnh.", code="area_not_found")
    return root


def _reporting_areas(uow: UnitOfWork, area_code: str | None) -> list[Area]:
    root = _province(uow)
    if area_code:
        return [areas.get(uow, area_code)]
    return [root, *uow.areas.subtree(root, level=AreaLevel.COMMUNE.value)]


def _ended(year: int, now: datetime) -> Period:
    period = Period.annual(year)
    if now < period.end:
        raise Conflict(
            f"Kỳ báo cáo năm {year} chưa kết thúc (hết ngày {period.last_day:%d/%m/%Y}); chưa thể chốt số liệu.",
            code="period_not_ended",
        )
    return period


def freeze(
    uow: UnitOfWork,
    principal: Principal,
    year: int,
    reason: str,
    *,
    area_code: str | None = None,
    now: datetime | None = None,
) -> list[Frozen]:
    """Freeze the period's figures of the province and every commune (or of one area). A freeze done
    again replaces the current snapshot of each area; the older one is kept."""
    now = now or utcnow()
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("Hãy ghi lý do chốt lại số liệu.", code="reason_missing", field="reason")
    if len(reason) > 500:
        raise InvalidInput("Lý do dài quá 500 ký tự.", code="reason_too_long", field="reason")
    root = _province(uow)
    require(principal, Permission.MANAGE_AREAS, root)
    _ended(year, now)
    frozen: list[Frozen] = []
    for area in _reporting_areas(uow, area_code):
        report = service.build(uow, SYSTEM, area.code, year)
        report = replace(report, generated_at=now, generated_by="Số liệu chốt (hệ thống)")
        uow.session.execute(
            update(snapshot_table)
            .where(snapshot_table.c.year == year, snapshot_table.c.area_id == area.id, snapshot_table.c.current)
            .values(current=False)
        )
        snapshot_id = uow.session.execute(
            insert(snapshot_table)
            .values(
                year=year,
                area_id=area.id,
                figures=snapshot.dump(report),
                frozen_at=now,
                frozen_by=principal.full_name or principal.username,
                reason=reason,
                current=True,
            )
            .returning(snapshot_table.c.id)
        ).scalar_one()
        frozen.append(Frozen(area.code, snapshot_id))
    record(
        uow,
        principal,
        "report.freeze",
        "report_snapshot",
        f"{area_code or root.code}:{year}",
        reason=reason,
        area_code=area_code or root.code,
        details={"year": year, "areas": len(frozen)},
    )
    return frozen


def freeze_when_due(uow: UnitOfWork, now: datetime | None = None) -> list[Frozen]:
    """The periodic job: from 15/12 to 31/12 (the reporting season), freeze the period that just ended
    if nobody did yet. Outside the season it does nothing: a hub installed or restored later freezes a
    past year with `ttcs report freeze`, never behind the admin's back."""
    now = now or utcnow()
    day = local(now).date()
    if (day.month, day.day) < (12, 15):
        return []
    year = Period.year_of(now) - 1
    root = uow.areas.root()
    if root is None or _current(uow, root, year) is not None:
        return []
    return freeze(uow, SYSTEM, year, AUTO_REASON, now=now)


def _current(uow: UnitOfWork, area: Area, year: int) -> Any:
    return uow.session.execute(
        select(snapshot_table).where(
            snapshot_table.c.year == year, snapshot_table.c.area_id == area.id, snapshot_table.c.current
        )
    ).first()


def frozen_report(uow: UnitOfWork, principal: Principal, area_code: str, year: int) -> AnnualReport | None:
    """The area's frozen figures of the year, or None while they are not frozen."""
    area = areas.get(uow, area_code)
    require(principal, Permission.READ, area)
    row = _current(uow, area, year)
    return None if row is None else replace(snapshot.load(row.figures), frozen_at=row.frozen_at)


def _narrative(done: str, difficulties: str, proposals: str) -> Narrative:
    parts = Narrative(done.strip(), difficulties.strip(), proposals.strip())
    for (label, text), field in zip(parts.parts(), ("done", "difficulties", "proposals"), strict=True):
        if not text:
            raise InvalidInput(f"Hãy viết phần “{label}”.", code="narrative_missing", field=field)
        if len(text) > MAX_PART:
            raise InvalidInput(f"Phần “{label}” dài quá {MAX_PART} ký tự.", code="narrative_too_long", field=field)
    return parts


def submit(
    uow: UnitOfWork,
    principal: Principal,
    area_code: str,
    year: int,
    done: str,
    difficulties: str,
    proposals: str,
    *,
    now: datetime | None = None,
) -> Submitted:
    """The approver of a commune (or of the province, for its own part) submits the year's report:
    the frozen figures and the narrative, kept from now on exactly as submitted."""
    now = now or utcnow()
    area = areas.get(uow, area_code)
    require(principal, Permission.APPROVE, area)
    if area.level not in (AreaLevel.COMMUNE, AreaLevel.PROVINCE):
        raise InvalidInput("Chỉ xã, phường và tỉnh nộp báo cáo năm.", code="area_not_reporting", field="area")
    narrative = _narrative(done, difficulties, proposals)
    row = _current(uow, area, year)
    if row is None:
        raise Conflict(
            f"Số liệu năm {year} của {area.name} chưa được chốt (sau ngày 14/12); chưa thể nộp báo cáo.",
            code="not_frozen",
        )
    by = principal.full_name or principal.username
    submission_id = uow.session.execute(
        insert(submission_table)
        .values(
            year=year,
            area_id=area.id,
            snapshot_id=row.id,
            figures=row.figures,
            done=narrative.done,
            difficulties=narrative.difficulties,
            proposals=narrative.proposals,
            submitted_at=now,
            submitted_by=by,
            user_id=principal.user_id,
        )
        .returning(submission_table.c.id)
    ).scalar_one()
    record(
        uow,
        principal,
        "report.submit",
        "report_submission",
        submission_id,
        area_code=area.code,
        details={"year": year, "snapshot": row.id},
    )
    return Submitted(submission_id, area.code, area.name, year, now, by, narrative)


def _submitted(row: Any, area: Area) -> Submitted:
    return Submitted(
        row.id,
        area.code,
        area.name,
        row.year,
        row.submitted_at,
        row.submitted_by,
        Narrative(row.done, row.difficulties, row.proposals),
    )


def history(uow: UnitOfWork, principal: Principal, area_code: str, year: int) -> list[Submitted]:
    """Every submission of the area's report of the year, the latest first."""
    area = areas.get(uow, area_code)
    require(principal, Permission.READ, area)
    rows = uow.session.execute(
        select(submission_table)
        .where(submission_table.c.year == year, submission_table.c.area_id == area.id)
        .order_by(submission_table.c.id.desc())
    ).all()
    return [_submitted(r, area) for r in rows]


def submission(uow: UnitOfWork, principal: Principal, submission_id: int) -> AnnualReport:
    """A submission as it was submitted: its copy of the figures and its narrative."""
    row = uow.session.execute(select(submission_table).where(submission_table.c.id == submission_id)).first()
    area = uow.areas.get(row.area_id) if row is not None else None
    if row is None or area is None:
        raise NotFound("Không tìm thấy báo cáo đã nộp này.", code="submission_not_found")
    require(principal, Permission.READ, area)
    frozen_at = uow.session.execute(
        select(snapshot_table.c.frozen_at).where(snapshot_table.c.id == row.snapshot_id)
    ).scalar_one()
    report = snapshot.load(row.figures)
    narrative = Narrative(row.done, row.difficulties, row.proposals)
    return replace(
        report, frozen_at=frozen_at, narrative=narrative, generated_at=row.submitted_at, generated_by=row.submitted_by
    )


def _latest(uow: UnitOfWork, year: int) -> dict[int, Any]:
    newest = (
        select(func.max(submission_table.c.id))
        .where(submission_table.c.year == year)
        .group_by(submission_table.c.area_id)
    )
    rows = uow.session.execute(select(submission_table).where(submission_table.c.id.in_(newest))).all()
    return {r.area_id: r for r in rows}


def status(uow: UnitOfWork, principal: Principal, year: int) -> ProvinceStatus:
    """The province's view: which communes froze and submitted, who was reminded."""
    root = _province(uow)
    require(principal, Permission.APPROVE, root)
    communes = uow.areas.subtree(root, level=AreaLevel.COMMUNE.value)
    latest = _latest(uow, year)
    frozen: dict[int, datetime] = {
        area_id: at
        for area_id, at in uow.session.execute(
            select(snapshot_table.c.area_id, snapshot_table.c.frozen_at).where(
                snapshot_table.c.year == year, snapshot_table.c.current
            )
        )
    }
    reminded: dict[int, datetime] = {
        area_id: at
        for area_id, at in uow.session.execute(
            select(reminder_table.c.area_id, func.max(reminder_table.c.reminded_at))
            .where(reminder_table.c.year == year)
            .group_by(reminder_table.c.area_id)
        )
    }
    lines = [
        CommuneStatus(
            c.code,
            c.name,
            frozen.get(c.id),
            _submitted(latest[c.id], c) if c.id in latest else None,
            reminded.get(c.id),
        )
        for c in communes
    ]
    own = _submitted(latest[root.id], root) if root.id in latest else None
    return ProvinceStatus(year, root, lines, own, date(year, *COMMUNES_DUE), date(year, *PROVINCE_DUE))


def remind(uow: UnitOfWork, principal: Principal, year: int, *, now: datetime | None = None) -> list[str]:
    """Tell the approvers of every commune that has not submitted (a notice in their inbox, on chat
    once linked). Returns the codes of the communes reminded."""
    now = now or utcnow()
    found = status(uow, principal, year)
    reminded: list[str] = []
    due = f"{found.communes_due:%d/%m/%Y}"
    by = principal.full_name or principal.username
    for line in found.missing:
        commune = areas.get(uow, line.code)
        text = (
            f"Nhắc nộp báo cáo năm {year} về công tác thông tin cơ sở của {commune.name}: "
            f"hạn nộp trước ngày {due}. Vào mục Báo cáo năm → Nộp báo cáo để xem số liệu đã chốt và nộp."
        )
        for official in uow.users.holding(commune.id, [Role.APPROVER.value, Role.ADMIN.value]):
            messaging.queue(uow, text, Kind.NOTIFICATION, user_id=official.id, reference=f"bao-cao-{year}", now=now)
        row = {"year": year, "area_id": commune.id, "reminded_at": now, "reminded_by": by}
        uow.session.execute(insert(reminder_table).values(**row))
        reminded.append(commune.code)
    record(
        uow,
        principal,
        "report.remind",
        "report_submission",
        f"{found.province.code}:{year}",
        area_code=found.province.code,
        details={"year": year, "communes": reminded},
    )
    return reminded


def compiled(uow: UnitOfWork, principal: Principal, year: int) -> AnnualReport:
    """The province's report: its frozen figures, its own narrative and every commune's submission."""
    found = status(uow, principal, year)
    if found.own is None:
        raise Conflict(
            f"Tỉnh chưa nộp phần tường trình của báo cáo năm {year}; hãy viết và nộp trước khi tổng hợp.",
            code="province_not_submitted",
        )
    report = submission(uow, principal, found.own.id)
    communes = [
        UnitNarrative(c.code, c.name, c.submitted.submitted_at, c.submitted.submitted_by, c.submitted.narrative)
        for c in found.communes
        if c.submitted is not None
    ]
    return replace(report, communes=communes)


def export_compiled(uow: UnitOfWork, principal: Principal, year: int, fmt: str) -> service.Export:
    report = compiled(uow, principal, year)
    made = service.render(report, fmt)
    record(
        uow,
        principal,
        "report.compile",
        "report_submission",
        f"{report.area_code}:{year}",
        area_code=report.area_code,
        details={"format": fmt, "communes": len(report.communes)},
    )
    return made


def export_submission(uow: UnitOfWork, principal: Principal, submission_id: int, fmt: str) -> service.Export:
    report = submission(uow, principal, submission_id)
    made = service.render(report, fmt)
    record(
        uow,
        principal,
        "report.annual",
        "report_submission",
        submission_id,
        area_code=report.area_code,
        details={"format": fmt, "submitted_at": format_local(report.generated_at)},
    )
    return made
