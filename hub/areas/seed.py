"""Seed the area tree of the configured province from the `vietnam-provinces` dataset.

The dataset has the units after the July 2025 reform (Đắk Lắk: code 66, 102 communes and wards).
Names are normalised (the dataset has double spaces and both apostrophes). Seeding is idempotent:
existing codes are left alone, so villages and aliases added by officials survive a re-seed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from hub.areas.model import Area, AreaAlias, AreaLevel
from hub.db.uow import UnitOfWork
from hub.kit.text import clean_name, fold
from hub.kit.time import utcnow

# The provinces merged into another in 2025, as (new province code, former name, ward-code range).
# Ward codes keep the numbering of the former province, so the range tells where a commune was.
FORMER_PROVINCES = ((66, "Tỉnh Phú Yên (cũ)", range(22000, 23000)),)


@dataclass(frozen=True)
class SeedResult:
    province: Area
    created: int


def _dataset() -> list[dict[str, Any]]:
    path = resources.files("vietnam_provinces").joinpath("data/nested-divisions.json")
    return json.loads(path.read_text(encoding="utf-8"))


def seed_province(uow: UnitOfWork, province_code: int) -> SeedResult:
    data = next((p for p in _dataset() if p["code"] == province_code), None)
    if data is None:
        raise ValueError(f"province code {province_code} is not in the vietnam-provinces dataset")
    created = 0
    code = str(province_code)
    province = uow.areas.get_by_code(code)
    if province is None:
        kind = str(data["division_type"])
        name = clean_name(str(data["name"]))
        if kind == "tỉnh" and not name.lower().startswith("tỉnh"):
            name = f"Tỉnh {name}"
        province = Area.create(code, name, AreaLevel.PROVINCE, kind, None)
        uow.areas.add(province)
        uow.session.flush()
        created += 1
    existing = uow.areas.by_codes(f"{w['code']:05d}" for w in data["wards"])
    for ward in data["wards"]:
        ward_code = f"{ward['code']:05d}"
        if ward_code in existing:
            continue
        area = Area.create(ward_code, str(ward["name"]), AreaLevel.COMMUNE, str(ward["division_type"]), province)
        uow.areas.add(area)
        created += 1
    uow.session.flush()
    _seed_former_provinces(uow, province)
    return SeedResult(province, created)


def _seed_former_provinces(uow: UnitOfWork, province: Area) -> None:
    for new_code, former_name, codes in FORMER_PROVINCES:
        if province.code != str(new_code):
            continue
        known = {alias.area_id for alias in uow.areas.search_aliases(fold(former_name))}
        for area in uow.areas.children(province):
            if not (area.code.isdigit() and int(area.code) in codes) or area.id in known:
                continue
            uow.areas.add_alias(
                AreaAlias(
                    alias=former_name,
                    area_id=area.id,
                    note="Đơn vị thuộc tỉnh cũ trước khi sáp nhập (7/2025)",
                    created_by="system",
                    created_at=utcnow(),
                    area=area,
                )
            )
