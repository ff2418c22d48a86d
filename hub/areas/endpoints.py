"""HTTP endpoints of areas. Reading is public (citizens pick their commune); changes need an admin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from hub.areas import service
from hub.areas.model import AreaLevel
from hub.areas.schemas import AliasIn, AliasOut, AreaDetail, AreaOut, AreaRef, VillageIn
from hub.http.deps import CurrentPrincipal, ReadUow, WriteUow
from hub.http.params import Id

router = APIRouter(prefix="/api/v1/areas", tags=["areas"])


@router.get("", response_model=list[AreaOut], summary="Tìm hoặc liệt kê địa bàn")
def list_areas(
    uow: ReadUow,
    q: Annotated[str | None, Query(max_length=200, description="Tên, không cần dấu: “cu mgar”, “ea kao”.")] = None,
    parent: Annotated[str | None, Query(description="Mã địa bàn cha: liệt kê các địa bàn con.")] = None,
    level: AreaLevel | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
) -> list[AreaOut]:
    if q:
        matches = service.search(uow, q, within=service.get(uow, parent) if parent else None, limit=limit)
        return [AreaOut.of(m.area, m.matched, m.alias) for m in matches if not level or m.area.level == level]
    return [AreaOut.of(area) for area in service.browse(uow, parent, level, limit)]


@router.get("/{code}", response_model=AreaDetail, summary="Một địa bàn, các cấp trên, các địa bàn con")
def get_area(code: str, uow: ReadUow) -> AreaDetail:
    area, ancestors, children, aliases = service.detail(uow, code)
    return AreaDetail(
        **AreaOut.of(area).model_dump(),
        ancestors=[AreaRef.of(a) for a in ancestors],
        children=[AreaRef.of(a) for a in children],
        aliases=[AliasOut.of(a) for a in aliases],
    )


@router.post("", response_model=AreaOut, status_code=status.HTTP_201_CREATED, summary="Thêm thôn, buôn, tổ dân phố")
def add_village(body: VillageIn, uow: WriteUow, principal: CurrentPrincipal) -> AreaOut:
    return AreaOut.of(service.add_village(uow, principal, body.parent_code, body.name, body.kind))


@router.post(
    "/aliases", response_model=list[AliasOut], status_code=status.HTTP_201_CREATED, summary="Thêm tên gọi khác"
)
def add_alias(body: AliasIn, uow: WriteUow, principal: CurrentPrincipal) -> list[AliasOut]:
    return [AliasOut.of(a) for a in service.add_alias(uow, principal, body.alias, body.area_codes, body.note)]


@router.delete("/aliases/{alias_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Xóa tên gọi khác")
def remove_alias(alias_id: Id, uow: WriteUow, principal: CurrentPrincipal) -> None:
    service.remove_alias(uow, principal, alias_id)
