"""API shapes of areas."""

from __future__ import annotations

from pydantic import BaseModel, Field

from hub.areas.model import Area, AreaAlias


class AreaRef(BaseModel):
    code: str
    name: str

    @classmethod
    def of(cls, area: Area) -> AreaRef:
        return cls(code=area.code, name=area.name)


class AreaOut(BaseModel):
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None
    matched: str | None = Field(None, description="`name` or `alias` in a search result.")
    alias: str | None = Field(None, description="The alias that matched, in a search result.")

    @classmethod
    def of(cls, area: Area, matched: str | None = None, alias: str | None = None) -> AreaOut:
        codes = area.ancestor_codes
        return cls(
            code=area.code,
            name=area.name,
            level=area.level,
            kind=area.kind,
            parent_code=codes[-1] if codes else None,
            matched=matched,
            alias=alias,
        )


class AliasOut(BaseModel):
    id: int
    alias: str
    area: AreaRef
    note: str
    created_by: str

    @classmethod
    def of(cls, alias: AreaAlias) -> AliasOut:
        assert alias.area is not None and alias.id is not None
        return cls(
            id=alias.id, alias=alias.alias, area=AreaRef.of(alias.area), note=alias.note, created_by=alias.created_by
        )


class AreaDetail(AreaOut):
    ancestors: list[AreaRef]
    children: list[AreaRef]
    aliases: list[AliasOut]


class VillageIn(BaseModel):
    parent_code: str = Field(description="Mã xã/phường.")
    name: str = Field(min_length=1, max_length=200)
    kind: str = Field("thôn", description="thôn, buôn, tổ dân phố, ấp, bản, làng, khối")


class AliasIn(BaseModel):
    alias: str = Field(min_length=1, max_length=200, description="Tên gọi khác, ví dụ tên huyện cũ.")
    area_codes: list[str] = Field(min_length=1, description="Các địa bàn mà tên này chỉ tới.")
    note: str = Field("", max_length=500)
