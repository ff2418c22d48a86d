"""HTTP endpoints of programmes: thin wrappers over `hub.broadcasts.service`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, status

from hub.broadcasts import service
from hub.broadcasts.schemas import (
    NextWindowIn,
    OrderIn,
    PreviewOut,
    ProgrammeOut,
    RulesIn,
    RulesOut,
    ScheduleCheckOut,
    ScheduleIn,
    ScheduleOut,
)
from hub.http.deps import CurrentPrincipal, ReadUow, WriteUow
from hub.http.params import Id
from hub.kit.time import as_utc, utcnow

router = APIRouter(prefix="/api/v1/broadcasts", tags=["broadcasts"])


@router.get("/{area_code}", response_model=ProgrammeOut, summary="Chương trình phát thanh của xã, phường")
def get_programme(area_code: str, uow: ReadUow, principal: CurrentPrincipal) -> ProgrammeOut:
    return ProgrammeOut.of(service.programme(uow, principal, area_code))


@router.put("/{area_code}/rules", response_model=RulesOut, summary="Quy chế phát: khung giờ, giờ yên tĩnh, âm lượng")
def put_rules(area_code: str, body: RulesIn, uow: WriteUow, principal: CurrentPrincipal) -> RulesOut:
    rules = service.set_rules(
        uow,
        principal,
        area_code,
        windows=body.windows,
        quiet=body.quiet,
        max_volume=body.max_volume,
        interrupt_policy=body.interrupt_policy,
    )
    return RulesOut.of(rules)


@router.post(
    "/{area_code}/schedules",
    response_model=ScheduleOut,
    status_code=status.HTTP_201_CREATED,
    summary="Xếp lịch phát một tin (một lần, hằng ngày, hằng tuần, hằng tháng)",
)
def add_schedule(area_code: str, body: ScheduleIn, uow: WriteUow, principal: CurrentPrincipal) -> ScheduleOut:
    item = service.add_schedule(
        uow,
        principal,
        area_code,
        body.bulletin_id,
        body.recurrence,
        body.times,
        body.days,
        body.starts_on,
        body.ends_on,
    )
    return ScheduleOut.of(item)


@router.post(
    "/{area_code}/schedules/check",
    response_model=ScheduleCheckOut,
    summary="Xem trước một lịch phát: các lần phát và xung đột, không lưu gì",
)
def check_schedule(area_code: str, body: ScheduleIn, uow: ReadUow, principal: CurrentPrincipal) -> ScheduleCheckOut:
    plays = service.Plays(body.recurrence, body.times, body.days, body.starts_on, body.ends_on)
    return ScheduleCheckOut.of(service.check_schedule(uow, principal, area_code, body.bulletin_id, plays))


@router.post(
    "/{area_code}/schedules/next-window",
    response_model=ScheduleCheckOut,
    status_code=status.HTTP_201_CREATED,
    summary="Phát một lần ở đầu khung giờ phát tới của xã",
)
def next_window(area_code: str, body: NextWindowIn, uow: WriteUow, principal: CurrentPrincipal) -> ScheduleCheckOut:
    return ScheduleCheckOut.of(service.schedule_next_window(uow, principal, area_code, body.bulletin_id))


@router.delete("/schedules/{schedule_id}", response_model=ScheduleOut, summary="Bỏ một lịch phát")
def remove_schedule(schedule_id: Id, uow: WriteUow, principal: CurrentPrincipal) -> ScheduleOut:
    return ScheduleOut.of(service.remove_schedule(uow, principal, schedule_id))


@router.put("/{area_code}/priority-order", response_model=RulesOut, summary="Thứ tự phát các tin ưu tiên trùng giờ")
def put_order(area_code: str, body: OrderIn, uow: WriteUow, principal: CurrentPrincipal) -> RulesOut:
    return RulesOut.of(service.set_priority_order(uow, principal, area_code, body.bulletin_ids))


@router.get(
    "/{area_code}/preview",
    response_model=PreviewOut,
    summary="Xem trước: loa phát gì, bảng tin hiển thị gì, xung đột lịch — trước khi gửi xuống thiết bị",
)
def preview(
    area_code: str,
    uow: ReadUow,
    principal: CurrentPrincipal,
    at: Annotated[datetime | None, Query(description="Thời điểm (giờ Việt Nam nếu không ghi múi giờ).")] = None,
    hours: Annotated[float, Query(gt=0, le=72)] = 24,
) -> PreviewOut:
    return PreviewOut.of(service.preview(uow, principal, area_code, as_utc(at) if at else utcnow(), hours))
