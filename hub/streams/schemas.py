"""Pydantic shapes of the relays API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from hub.http.params import BodyId
from hub.streams.model import STATE_LABELS, RelaySource, RelayWindow

Clock = Annotated[str, StringConstraints(min_length=3, max_length=5, pattern=r"^\d{1,2}:\d{2}$")]


class RelaySourceIn(BaseModel):
    name: Annotated[str, StringConstraints(min_length=1, max_length=100)] = Field(examples=["VOV1"])
    upstream_url: Annotated[str, StringConstraints(min_length=8, max_length=500)] = Field(
        examples=["https://stream.vov.vn/vov1.mp3"]
    )
    area_code: Annotated[str, StringConstraints(min_length=1, max_length=64)] = Field(
        description="Địa bàn đăng ký nguồn (dùng được cho địa bàn này và các địa bàn con)."
    )


class RelaySourceOut(BaseModel):
    id: int
    name: str
    upstream_url: str
    area_code: str
    mount: str
    state: str
    state_label: str
    state_since: datetime | None
    last_error: str

    @classmethod
    def of(cls, s: RelaySource) -> RelaySourceOut:
        return cls(
            id=s.id, name=s.name, upstream_url=s.upstream_url, area_code=s.area_code, mount=s.mount,
            state=s.state.value, state_label=STATE_LABELS[s.state], state_since=s.state_since, last_error=s.last_error,
        )  # fmt: skip


class RelayWindowIn(BaseModel):
    source_id: BodyId
    area_code: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    starts: Clock = Field(examples=["05:45"], description="Giờ bắt đầu (giờ Việt Nam), HH:MM.")
    ends: Clock = Field(examples=["06:15"], description="Giờ kết thúc (giờ Việt Nam), HH:MM.")
    days: list[Annotated[int, Field(ge=1, le=7)]] = Field(
        default_factory=list, max_length=7, description="Thứ trong tuần (1 = Thứ Hai … 7 = Chủ Nhật); trống: hằng ngày."
    )


class RelayWindowOut(BaseModel):
    id: int
    source_id: int
    area_code: str
    starts: str
    ends: str
    days: list[int]
    label: str

    @classmethod
    def of(cls, w: RelayWindow) -> RelayWindowOut:
        return cls(
            id=w.id, source_id=w.source_id, area_code=w.area_code, starts=f"{w.starts:%H:%M}", ends=f"{w.ends:%H:%M}",
            days=list(w.days), label=w.label,
        )  # fmt: skip
