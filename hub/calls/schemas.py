"""Shapes of the call records API."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from pydantic import BaseModel, Field

from hub.calls.model import RESULT_LABELS, Result
from hub.calls.service import CallView


class CallOut(BaseModel):
    id: int
    started_at: datetime
    ended_at: datetime
    duration_seconds: int
    caller: str | None = Field(description="Số gọi đến; che bớt (0905***456) với vai trò không được xem đầy đủ.")
    caller_masked: bool
    area_code: str | None
    area_name: str | None
    path: list[str] = Field(description="Các bước trong cuộc gọi: greeting, menu, news, feedback, filed:PA-…")
    result: str
    result_label: str
    case_code: str | None

    @classmethod
    def of(cls, view: CallView) -> CallOut:
        r = view.record
        return cls(
            id=r.id or 0,
            started_at=r.started_at,
            ended_at=r.ended_at,
            duration_seconds=r.duration_seconds,
            caller=view.caller,
            caller_masked=view.caller_masked,
            area_code=view.area.code if view.area else None,
            area_name=view.area.name if view.area else None,
            path=r.path.split(),
            result=r.result,
            result_label=RESULT_LABELS.get(cast(Result, r.result), r.result),  # a StrEnum key matches its str
            case_code=r.case_code,
        )
