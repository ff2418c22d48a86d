"""API shapes of the device registry (officials' side; the devices' side is `devices.protocol`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from devices.protocol import CommandKind
from hub.devices.model import (
    ALERT_LABELS,
    KIND_LABELS,
    STATE_LABELS,
    AlertKind,
    Device,
    DeviceAlert,
    DeviceCommand,
    Kind,
    PlayLog,
    State,
)


class DeviceIn(BaseModel):
    imei: str = Field(min_length=3, max_length=64, description="IMEI hoặc mã của nhà cung cấp (CumLoaId).")
    name: str = Field("", max_length=200)
    kind: Kind
    area_code: str
    group_name: str = Field("", max_length=100, description="Nhóm thiết bị, ví dụ “Cụm loa trung tâm”.")
    vendor: str = Field("", max_length=100)
    location: str = Field("", max_length=300)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    volume: int = Field(70, ge=0, le=100)


class DevicePatch(BaseModel):
    name: str | None = Field(None, max_length=200)
    area_code: str | None = None
    group_name: str | None = Field(None, max_length=100)
    vendor: str | None = Field(None, max_length=100)
    location: str | None = Field(None, max_length=300)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    volume: int | None = Field(None, ge=0, le=100)


class DeviceOut(BaseModel):
    imei: str
    name: str
    kind: Kind
    kind_label: str
    area_code: str
    group_name: str
    vendor: str
    location: str
    lat: float | None
    lon: float | None
    volume: int
    state: State
    state_label: str
    state_since: datetime | None
    last_seen_at: datetime | None
    revoked_at: datetime | None
    app_version: str
    alarms: list[str]
    status: dict[str, Any]

    @classmethod
    def of(cls, d: Device) -> DeviceOut:
        return cls(
            imei=d.imei,
            name=d.name,
            kind=d.kind,
            kind_label=KIND_LABELS[Kind(d.kind)],
            area_code=d.area_code,
            group_name=d.group_name,
            vendor=d.vendor,
            location=d.location,
            lat=d.lat,
            lon=d.lon,
            volume=d.volume,
            state=d.state,
            state_label=STATE_LABELS[State(d.state)],
            state_since=d.state_since,
            last_seen_at=d.last_seen_at,
            revoked_at=d.revoked_at,
            app_version=d.app_version,
            alarms=list(d.alarms),
            status=dict(d.status),
        )


class IssuedOut(BaseModel):
    device: DeviceOut
    token: str = Field(description="Mã truy cập của thiết bị: chỉ hiện một lần này, hệ thống chỉ lưu bản băm.")


class ReasonIn(BaseModel):
    reason: str = Field(min_length=1, max_length=1000)


class CommandIn(BaseModel):
    kind: CommandKind
    args: dict[str, int | str] = Field(default_factory=dict, description='Ví dụ {"volume": 60} cho lệnh `volume`.')


class CommandOut(BaseModel):
    id: int
    kind: str
    args: dict[str, Any]
    status: str
    created_at: datetime
    acked_at: datetime | None
    detail: str

    @classmethod
    def of(cls, c: DeviceCommand) -> CommandOut:
        return cls(
            id=c.id,
            kind=c.kind,
            args=dict(c.args),
            status=str(c.status),
            created_at=c.created_at,
            acked_at=c.acked_at,
            detail=c.detail,
        )


class PlayLogOut(BaseModel):
    item_id: str
    bulletin_id: int | None
    start: datetime
    end: datetime
    result: str
    detail: str
    received_at: datetime
    lang: str = Field("", description='The language that played ("vi", "ede" …); "" from older players.')

    @classmethod
    def of(cls, p: PlayLog) -> PlayLogOut:
        return cls(
            item_id=p.item_id,
            bulletin_id=p.bulletin_id,
            start=p.started_at,
            end=p.ended_at,
            result=p.result,
            detail=p.detail,
            received_at=p.received_at,
            lang=p.lang,
        )


class AlertOut(BaseModel):
    id: int
    imei: str
    device_name: str
    area_code: str
    kind: str
    kind_label: str
    opened_at: datetime
    detail: str

    @classmethod
    def of(cls, a: DeviceAlert, d: Device) -> AlertOut:
        return cls(
            id=a.id,
            imei=d.imei,
            device_name=d.name,
            area_code=d.area_code,
            kind=str(a.kind),
            kind_label=ALERT_LABELS[AlertKind(a.kind)],
            opened_at=a.opened_at,
            detail=a.detail,
        )


class DashboardOut(BaseModel):
    counts: dict[str, int]
    labels: dict[str, str]
    devices: dict[str, list[DeviceOut]]
