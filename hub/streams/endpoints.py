"""HTTP endpoints of relays ("tiếp sóng"): thin wrappers over `hub.streams.service`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from hub.http.deps import CurrentPrincipal, ReadUow, WriteUow
from hub.http.params import Id
from hub.streams import service
from hub.streams.schemas import RelaySourceIn, RelaySourceOut, RelayWindowIn, RelayWindowOut

router = APIRouter(prefix="/api/v1/relays", tags=["streams"])


@router.get("", response_model=list[RelaySourceOut], summary="Nguồn tiếp sóng")
def list_sources(uow: ReadUow, principal: CurrentPrincipal) -> list[RelaySourceOut]:
    return [RelaySourceOut.of(s) for s in service.list_sources(uow, principal)]


@router.post("", response_model=RelaySourceOut, status_code=status.HTTP_201_CREATED, summary="Đăng ký nguồn tiếp sóng")
def add_source(body: RelaySourceIn, uow: WriteUow, principal: CurrentPrincipal) -> RelaySourceOut:
    return RelaySourceOut.of(service.add_source(uow, principal, body.name, body.upstream_url, body.area_code))


@router.delete("/{source_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Xoá nguồn tiếp sóng")
def remove_source(source_id: Id, uow: WriteUow, principal: CurrentPrincipal) -> Response:
    service.remove_source(uow, principal, source_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/windows", response_model=list[RelayWindowOut], summary="Giờ tiếp sóng")
def list_windows(
    uow: ReadUow,
    principal: CurrentPrincipal,
    area: Annotated[str | None, Query(max_length=64, description="Mã địa bàn.")] = None,
) -> list[RelayWindowOut]:
    return [RelayWindowOut.of(w) for w in service.list_windows(uow, principal, area)]


@router.post(
    "/windows", response_model=RelayWindowOut, status_code=status.HTTP_201_CREATED, summary="Thêm giờ tiếp sóng"
)
def add_window(body: RelayWindowIn, uow: WriteUow, principal: CurrentPrincipal) -> RelayWindowOut:
    window = service.add_window(uow, principal, body.source_id, body.area_code, body.starts, body.ends, body.days)
    return RelayWindowOut.of(window)


@router.delete("/windows/{window_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Bỏ giờ tiếp sóng")
def remove_window(window_id: Id, uow: WriteUow, principal: CurrentPrincipal) -> Response:
    service.remove_window(uow, principal, window_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
