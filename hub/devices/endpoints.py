"""HTTP endpoints of the device registry for officials: thin wrappers over `hub.devices.service`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from hub.devices import service
from hub.devices.model import STATE_LABELS, State
from hub.devices.schemas import (
    AlertOut,
    CommandIn,
    CommandOut,
    DashboardOut,
    DeviceIn,
    DeviceOut,
    DevicePatch,
    IssuedOut,
    PlayLogOut,
    ReasonIn,
)
from hub.http.deps import CurrentPrincipal, ReadUow, WriteUow

router = APIRouter(prefix="/api/v1/devices", tags=["devices"])


@router.get("", response_model=list[DeviceOut], summary="Thiết bị trong phạm vi của bạn")
def list_devices(
    uow: ReadUow,
    principal: CurrentPrincipal,
    area: Annotated[str | None, Query(description="Mã địa bàn (cả địa bàn con).")] = None,
    state: Annotated[State | None, Query()] = None,
) -> list[DeviceOut]:
    found = service.list_devices(uow, principal, area_code=area, state=state.value if state else None)
    return [DeviceOut.of(d) for d in found]


@router.post(
    "",
    response_model=IssuedOut,
    status_code=status.HTTP_201_CREATED,
    summary="Đăng ký thiết bị; mã truy cập chỉ hiện một lần",
)
def add_device(body: DeviceIn, uow: WriteUow, principal: CurrentPrincipal) -> IssuedOut:
    issued = service.add(
        uow,
        principal,
        body.imei,
        name=body.name,
        kind=body.kind,
        area_code=body.area_code,
        group_name=body.group_name,
        vendor=body.vendor,
        location=body.location,
        lat=body.lat,
        lon=body.lon,
        volume=body.volume,
    )
    return IssuedOut(device=DeviceOut.of(issued.device), token=issued.token)


@router.get("/dashboard", response_model=DashboardOut, summary="Thiết bị theo tình trạng (mất kết nối trước)")
def dashboard(uow: ReadUow, principal: CurrentPrincipal, area: Annotated[str | None, Query()] = None) -> DashboardOut:
    groups = service.dashboard(uow, principal, area)
    return DashboardOut(
        counts={k: len(v) for k, v in groups.items()},
        labels={k: STATE_LABELS[State(k)] for k in groups},
        devices={k: [DeviceOut.of(d) for d in v] for k, v in groups.items()},
    )


@router.get("/alerts", response_model=list[AlertOut], summary="Cảnh báo thiết bị đang mở trong địa bàn của bạn")
def alerts(uow: ReadUow, principal: CurrentPrincipal) -> list[AlertOut]:
    return [AlertOut.of(a, d) for a, d in service.alerts(uow, principal)]


@router.get("/{imei}", response_model=DeviceOut)
def get_device(imei: str, uow: ReadUow, principal: CurrentPrincipal) -> DeviceOut:
    return DeviceOut.of(service.get(uow, principal, imei))


@router.patch("/{imei}", response_model=DeviceOut, summary="Sửa thông tin, địa bàn, âm lượng")
def patch_device(imei: str, body: DevicePatch, uow: WriteUow, principal: CurrentPrincipal) -> DeviceOut:
    return DeviceOut.of(service.update(uow, principal, imei, **body.model_dump(exclude_unset=True)))


@router.post("/{imei}/revoke", response_model=DeviceOut, summary="Thu hồi mã truy cập (thiết bị mất, bị thay)")
def revoke(imei: str, body: ReasonIn, uow: WriteUow, principal: CurrentPrincipal) -> DeviceOut:
    return DeviceOut.of(service.revoke(uow, principal, imei, body.reason))


@router.post("/{imei}/rotate", response_model=IssuedOut, summary="Cấp mã truy cập mới (mã cũ hết hiệu lực)")
def rotate(imei: str, uow: WriteUow, principal: CurrentPrincipal) -> IssuedOut:
    issued = service.rotate(uow, principal, imei)
    return IssuedOut(device=DeviceOut.of(issued.device), token=issued.token)


@router.post(
    "/{imei}/commands",
    response_model=CommandOut,
    status_code=status.HTTP_201_CREATED,
    summary="Gửi lệnh: âm lượng, dừng, phát lại, khởi động lại",
)
def command(imei: str, body: CommandIn, uow: WriteUow, principal: CurrentPrincipal) -> CommandOut:
    return CommandOut.of(service.queue_command(uow, principal, imei, body.kind, body.args))


@router.get("/{imei}/commands", response_model=list[CommandOut], summary="Các lệnh đã gửi và kết quả")
def commands(imei: str, uow: ReadUow, principal: CurrentPrincipal) -> list[CommandOut]:
    return [CommandOut.of(c) for c in service.commands_of(uow, principal, imei)]


@router.get("/{imei}/playlog", response_model=list[PlayLogOut], summary="Nhật ký phát của thiết bị")
def playlog(
    imei: str, uow: ReadUow, principal: CurrentPrincipal, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[PlayLogOut]:
    return [PlayLogOut.of(p) for p in service.play_logs_of(uow, principal, imei, limit)]
