"""API shapes of programmes and the preview."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from hub.broadcasts.model import KIEU_LICH, RECURRENCE_LABELS, InterruptPolicy, Recurrence, Rules, ScheduleItem
from hub.broadcasts.placement import Conflict, Slot
from hub.broadcasts.repository import Reaching
from hub.broadcasts.service import Preview, Programme, ScheduleCheck
from hub.http.params import BodyId
from hub.kit.time import format_local

Pair = list[str]


class RulesIn(BaseModel):
    windows: list[Pair] = Field(
        max_length=12, description='Khung giờ phát (giờ Việt Nam), ví dụ [["06:00","06:30"],["17:00","17:30"]].'
    )
    quiet: list[Pair] = Field(
        default_factory=list, max_length=6, description='Giờ yên tĩnh, ví dụ [["21:30","05:30"]].'
    )
    max_volume: int = Field(80, ge=0, le=100)
    interrupt_policy: InterruptPolicy = Field(
        InterruptPolicy.RESUME, description="Tin bị tin khẩn cấp cắt ngang: `resume` phát lại, `skip` bỏ qua."
    )


class RulesOut(RulesIn):
    priority_order: list[int]
    updated_at: datetime | None

    @classmethod
    def of(cls, rules: Rules) -> RulesOut:
        return cls(
            windows=rules.windows,
            quiet=rules.quiet,
            max_volume=rules.max_volume,
            interrupt_policy=rules.interrupt_policy,
            priority_order=list(rules.priority_order),
            updated_at=rules.updated_at,
        )


class ScheduleIn(BaseModel):
    bulletin_id: BodyId
    recurrence: Recurrence = Field(description="once / daily / weekly / monthly (KieuLich 0–3).")
    times: list[str] = Field(min_length=1, max_length=24, description='Giờ phát (giờ Việt Nam), ví dụ ["06:05"].')
    days: list[str] = Field(
        default_factory=list,
        max_length=62,
        description="once: ngày YYYY-MM-DD; weekly: 1 (thứ Hai) … 7 (Chủ nhật); monthly: 1–31; daily: bỏ trống.",
    )
    starts_on: date | None = None
    ends_on: date | None = None


class ScheduleOut(BaseModel):
    id: int
    bulletin_id: int
    bulletin_title: str
    recurrence: Recurrence
    recurrence_label: str
    kieu_lich: int
    times: list[str]
    days: list[str]
    starts_on: date | None
    ends_on: date | None

    @classmethod
    def of(cls, item: ScheduleItem, title: str = "") -> ScheduleOut:
        return cls(
            id=item.id,
            bulletin_id=item.bulletin_id,
            bulletin_title=title,
            recurrence=item.recurrence,
            recurrence_label=RECURRENCE_LABELS[Recurrence(item.recurrence)],
            kieu_lich=KIEU_LICH[Recurrence(item.recurrence)],
            times=list(item.times),
            days=list(item.days),
            starts_on=item.starts_on,
            ends_on=item.ends_on,
        )


class ProgrammeOut(BaseModel):
    commune_code: str
    commune_name: str
    rules: RulesOut
    schedules: list[ScheduleOut]

    @classmethod
    def of(cls, p: Programme) -> ProgrammeOut:
        return cls(
            commune_code=p.commune.code,
            commune_name=p.commune.name,
            rules=RulesOut.of(p.rules),
            schedules=[ScheduleOut.of(s, p.titles.get(s.bulletin_id, "")) for s in p.schedules],
        )


class OrderIn(BaseModel):
    bulletin_ids: list[BodyId] = Field(max_length=50, description="Tin ưu tiên theo thứ tự phát (tin đầu phát trước).")


class SlotOut(BaseModel):
    item_id: str
    bulletin_id: int
    title: str
    priority: str
    start: datetime
    end: datetime
    start_local: str
    planned_local: str
    duration_s: float
    interrupt: bool
    reason: str
    window: str | None
    notes: list[str]

    @classmethod
    def of(cls, s: Slot) -> SlotOut:
        return cls(
            item_id=s.item_id,
            bulletin_id=s.bulletin_id,
            title=s.title,
            priority=s.priority,
            start=s.start,
            end=s.end,
            start_local=format_local(s.start),
            planned_local=format_local(s.planned),
            duration_s=round(s.duration_ms / 1000, 1),
            interrupt=s.interrupt,
            reason=s.reason,
            window=s.window,
            notes=list(s.notes),
        )


class ConflictOut(BaseModel):
    at: datetime
    at_local: str
    severity: str
    code: str
    detail: str
    bulletin_ids: list[int]

    @classmethod
    def of(cls, c: Conflict) -> ConflictOut:
        return cls(
            at=c.at,
            at_local=format_local(c.at),
            severity=c.severity,
            code=c.code,
            detail=c.detail,
            bulletin_ids=list(c.bulletin_ids),
        )


class BoardOut(BaseModel):
    bulletin_id: int
    title: str
    priority: str
    valid_until: datetime | None

    @classmethod
    def of(cls, r: Reaching) -> BoardOut:
        return cls(bulletin_id=r.id, title=r.title, priority=str(r.priority), valid_until=r.valid_until)


class PreviewOut(BaseModel):
    area_code: str
    area_name: str
    commune_code: str
    at: datetime
    at_local: str
    rules: RulesOut
    loudspeakers: list[SlotOut] = Field(description="Loa phát gì, lúc nào.")
    eboard: list[BoardOut] = Field(description="Bảng tin điện tử hiển thị gì vào thời điểm đó.")
    conflicts: list[ConflictOut]

    @classmethod
    def of(cls, p: Preview) -> PreviewOut:
        return cls(
            area_code=p.area.code,
            area_name=p.area.name,
            commune_code=p.commune.code,
            at=p.at,
            at_local=format_local(p.at),
            rules=RulesOut.of(p.rules),
            loudspeakers=[SlotOut.of(s) for s in p.plan.slots],
            eboard=[BoardOut.of(r) for r in p.board],
            conflicts=[ConflictOut.of(c) for c in p.plan.conflicts],
        )


class ClashOut(BaseModel):
    code: str
    severity: str = Field(description="error: không phát; warning: vẫn phát, nên xem lại.")
    detail: str
    times: int = Field(description="Số lần xung đột này lặp lại trong tuần đầu của lịch.")


class ScheduleCheckOut(BaseModel):
    """The conflicts preview of a schedule (nothing saved), or what a saved schedule does."""

    area_code: str
    bulletin_id: int
    saved: bool
    schedule: ScheduleOut | None = Field(description="Lịch đã lưu; null khi chỉ xem trước.")
    plays: list[datetime] = Field(description="Các lần phát trong tuần đầu của lịch (UTC).")
    conflicts: list[ClashOut] = Field(description="Xung đột mà lịch này thêm vào chương trình của xã.")

    @classmethod
    def of(cls, check: ScheduleCheck) -> ScheduleCheckOut:
        return cls(
            area_code=check.commune.code,
            bulletin_id=check.bulletin_id,
            saved=check.saved,
            schedule=ScheduleOut.of(check.item, check.title) if check.saved else None,
            plays=[s.start for s in check.plays],
            conflicts=[
                ClashOut(code=c.code, severity=c.severity, detail=c.detail, times=c.times) for c in check.clashes
            ],
        )


class NextWindowIn(BaseModel):
    bulletin_id: BodyId
