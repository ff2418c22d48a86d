"""Telling the device operators that a relay's upstream failed (`RelayFailed`): their loudspeakers
went back to the schedule. A job, so the notice survives a crash (as device outages do)."""

from __future__ import annotations

from typing import Any

from hub.areas.model import Area
from hub.db.uow import UnitOfWork
from hub.devices.outage import operators
from hub.jobs.worker import JobContext
from hub.messaging import service as messaging
from hub.messaging.model import Kind
from hub.streams.model import RelayState
from hub.streams.repository import StreamRepository

JOB = "streams.relay_failed"


def notice(name: str, error: str) -> str:
    why = f" (lỗi: {error})" if error else ""
    return (
        f"Nguồn tiếp sóng “{name}” mất tín hiệu{why}. Các loa của địa bàn đã trở lại lịch phát thường; "
        "hệ thống tự thử kết nối lại và tiếp sóng tiếp khi nguồn có tín hiệu."
    )


def tell(uow: UnitOfWork, source_id: int, error: str) -> list[str]:
    repo = StreamRepository(uow.session)
    source = repo.source(source_id)
    if source is None or source.state != RelayState.DOWN:
        return []
    told: dict[int, str] = {}
    for window in repo.windows(source_id=source_id):
        area: Area | None = uow.areas.get(window.area_id)
        if area is None:
            continue
        for official in operators(uow, [*uow.areas.ancestors(area), area]):
            if official.id not in told:
                messaging.queue(uow, notice(source.name, error), Kind.NOTIFICATION, user_id=official.id,
                                reference=f"relay:{source_id}")  # fmt: skip
                told[official.id] = official.username
    return list(told.values())


def tell_operators(ctx: JobContext, payload: dict[str, Any]) -> None:
    tell(ctx.uow, int(payload["source_id"]), str(payload.get("error", "")))
