"""Use cases of the areas domain: find an area however it is typed, add villages and aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hub.accounts.access import require
from hub.accounts.model import Permission, Principal
from hub.areas.model import Area, AreaAlias, AreaLevel, Office
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.kit.errors import Conflict, InvalidInput, NotFound
from hub.kit.text import clean_name, compact, fold, strip_unit_prefix
from hub.kit.time import utcnow

VILLAGE_KINDS = ("thôn", "buôn", "tổ dân phố", "ấp", "bản", "làng", "khối")


@dataclass(frozen=True)
class AreaMatch:
    area: Area
    matched: str  # "name" or "alias"
    alias: str | None
    rank: int


def get(uow: UnitOfWork, code: str) -> Area:
    area = uow.areas.get_by_code(code)
    if area is None:
        raise NotFound(f"Không tìm thấy địa bàn có mã “{code}”.", code="area_not_found", area_code=code)
    return area


def typed(uow: UnitOfWork, text: str, *, within: Area | None = None) -> Area:
    """The area a filter or a search box means: its code, or its name or alias typed any way
    ("buon ea kao", "Buôn Ea Kao", "BUÔN EA KAO"), the best match. The one resolver of every area
    filter (pages, API lists), as `search` is the areas API's."""
    text = text.strip()
    if text.replace("-", "").isdigit():  # a code: the code's own "not found"
        return get(uow, text)
    found = search(uow, text, within=within, limit=1)
    if not found:
        raise NotFound(
            f"Không tìm thấy địa bàn “{text}”. Hãy gõ tên (có dấu hoặc không dấu) hoặc mã địa bàn.",
            code="area_not_found",
            area_code=text,
        )
    return found[0].area


def matching(uow: UnitOfWork, text: str, *, limit: int = 20) -> list[Area]:
    """The areas a search box's words name best (all those of the best rank), for searches that also
    look for things by the area they are in; [] when the words name no area."""
    found = search(uow, text, limit=limit)
    if not found:
        return []
    best = min(m.rank for m in found)
    return [m.area for m in found if m.rank == best]


def browse(uow: UnitOfWork, parent_code: str | None, level: str | None, limit: int) -> list[Area]:
    """The children of `parent_code` (default: of the root), or every area of a level."""
    parent = get(uow, parent_code) if parent_code else uow.areas.root()
    if parent is None:
        return []
    found = uow.areas.subtree(parent, level=level) if level else uow.areas.children(parent)
    return [area for area in found if area is not parent][:limit]


def detail(uow: UnitOfWork, code: str) -> tuple[Area, list[Area], list[Area], list[AreaAlias]]:
    area = get(uow, code)
    return area, uow.areas.ancestors(area), list(uow.areas.children(area)), list(uow.areas.aliases_of(area))


def resolve(uow: UnitOfWork, codes: list[str], *, field: str = "area_code") -> list[Area]:
    """Areas for the given codes, in order; an unknown code is a 422 naming it."""
    found = uow.areas.by_codes(codes)
    missing = [code for code in codes if code not in found]
    if missing:
        raise InvalidInput(
            f"Không có địa bàn với mã: {', '.join(missing)}.",
            code="unknown_area",
            field=field,
            unknown=missing,
        )
    return [found[code] for code in codes]


def search(uow: UnitOfWork, query: str, *, within: Area | None = None, limit: int = 20) -> list[AreaMatch]:
    """Find areas by name or alias, ignoring diacritics, case, apostrophes and unit prefixes."""
    full = fold(query)
    folded = strip_unit_prefix(full)
    if not folded:
        return []
    squeezed = compact(folded)
    matches: dict[int, AreaMatch] = {}
    for area in uow.areas.search(folded, squeezed, within=within, limit=limit):
        rank = -1 if area.search_full == full else _rank(area.search_key, folded)
        matches[area.id] = AreaMatch(area, "name", None, rank)
    for alias in uow.areas.search_aliases(folded):
        named = alias.area
        if named is None or (within is not None and not within.contains(named)):
            continue
        rank = _rank(strip_unit_prefix(alias.search_key), folded) + 1  # a real name beats an alias
        if named.id not in matches or matches[named.id].rank > rank:
            matches[named.id] = AreaMatch(named, "alias", alias.alias, rank)
    ordered = sorted(matches.values(), key=lambda m: (m.rank, m.area.depth, m.area.name))
    return ordered[:limit]


def _rank(key: str, query: str) -> int:
    if key == query or compact(key) == compact(query):
        return 0
    if key.startswith(query):
        return 2
    if f" {query}" in f" {key}":
        return 4
    return 6


def add_village(uow: UnitOfWork, principal: Principal, parent_code: str, name: str, kind: str) -> Area:
    parent = get(uow, parent_code)
    require(principal, Permission.MANAGE_AREAS, parent)
    if parent.level != AreaLevel.COMMUNE:
        raise InvalidInput("Thôn, buôn, tổ dân phố chỉ thêm được dưới một xã hoặc phường.", code="parent_not_commune")
    kind = kind.strip().lower()
    if kind not in VILLAGE_KINDS:
        raise InvalidInput(f"Loại địa bàn phải là một trong: {', '.join(VILLAGE_KINDS)}.", code="kind_invalid")
    name = clean_name(name)
    if not name:
        raise InvalidInput("Tên địa bàn không được để trống.", code="name_required")
    if not fold(name).startswith(fold(kind)):
        name = f"{kind.capitalize()} {name}"
    if any(fold(child.name) == fold(name) for child in uow.areas.children(parent)):
        raise Conflict(f"{parent.name} đã có “{name}”.", code="area_exists")
    area = Area.create(uow.areas.next_child_code(parent), name, AreaLevel.VILLAGE, kind, parent)
    uow.areas.add(area)
    record(uow, principal, "area.create", "area", area.code, details={"name": area.name, "parent": parent.code})
    return area


def add_alias(
    uow: UnitOfWork, principal: Principal, alias: str, area_codes: list[str], note: str = ""
) -> list[AreaAlias]:
    """Another name for one or more areas (a former district points to each of its new communes)."""
    if not fold(alias):
        raise InvalidInput("Tên gọi khác không được để trống.", code="alias_required")
    areas = resolve(uow, area_codes, field="area_codes")
    require(principal, Permission.MANAGE_AREAS, areas)
    existing = {(x.search_key, x.area_id) for x in uow.areas.search_aliases(fold(alias))}
    created = []
    for area in areas:
        row = AreaAlias(
            alias=alias,
            area_id=area.id,
            note=note.strip(),
            created_by=principal.username,
            created_at=utcnow(),
            area=area,
        )
        if (row.search_key, area.id) in existing:
            continue
        uow.areas.add_alias(row)
        created.append(row)
    uow.session.flush()
    record(uow, principal, "area.alias.add", "area", ",".join(area_codes), details={"alias": clean_name(alias)})
    return created


def remove_alias(uow: UnitOfWork, principal: Principal, alias_id: int) -> None:
    alias = uow.areas.get_alias(alias_id)
    if alias is None or alias.area is None:
        raise NotFound("Không tìm thấy tên gọi khác này.", code="alias_not_found")
    require(principal, Permission.MANAGE_AREAS, alias.area)
    uow.areas.delete_alias(alias)
    record(uow, principal, "area.alias.remove", "area", alias.area.code, details={"alias": alias.alias})


PHONE = re.compile(r"[0-9 .+()-]{3,40}")
HOURS_MAX = 500


def office_of(uow: UnitOfWork, area: Area) -> Office | None:
    """The phone number and hours an admin set for a commune (`area` or the commune above a village)."""
    while area.level == AreaLevel.VILLAGE and area.parent_id is not None:
        area = uow.areas.get_one(area.parent_id)
    return uow.areas.office(area.id) if area.level == AreaLevel.COMMUNE else None


def set_office(uow: UnitOfWork, principal: Principal, code: str, phone: str, hours: str) -> Office:
    """An admin of the commune sets (or clears, with empty values) its office's phone number and hours."""
    area = get(uow, code)
    require(principal, Permission.MANAGE_AREAS, area)
    if area.level != AreaLevel.COMMUNE:
        raise InvalidInput("Số điện thoại và giờ làm việc đặt cho một xã hoặc phường.", code="area_not_commune")
    phone, hours = " ".join(phone.split()), " ".join(hours.split())
    if phone and not PHONE.fullmatch(phone):
        raise InvalidInput(
            "Số điện thoại chỉ gồm chữ số (có thể có dấu cách, dấu chấm, dấu gạch), ví dụ 0262 3851 234.",
            code="phone_invalid",
            field="phone",
        )
    if len(hours) > HOURS_MAX:
        raise InvalidInput(f"Giờ làm việc dài tối đa {HOURS_MAX} ký tự.", code="hours_too_long", field="hours")
    office = uow.areas.office(area.id)
    before = {"phone": office.phone, "hours": office.hours} if office else {"phone": "", "hours": ""}
    if office is None:
        office = Office(area_id=area.id)
        uow.areas.add_office(office)
    office.phone, office.hours = phone, hours
    office.updated_by, office.updated_at = principal.username, utcnow()
    record(
        uow,
        principal,
        "area.office",
        "area",
        area.code,
        area_code=area.code,
        details={"before": before, "after": {"phone": phone, "hours": hours}},
    )
    return office
