"""Managing routing rules (admins): which unit answers the cases of an area and category."""

from __future__ import annotations

from collections.abc import Sequence

from hub.accounts.access import areas_for, require, require_anywhere
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.feedback.config import FeedbackConfig
from hub.feedback.model import Route
from hub.feedback.routing import units
from hub.kit.errors import Conflict, InvalidInput, NotFound
from hub.kit.time import utcnow


def add_route(
    uow: UnitOfWork,
    config: FeedbackConfig,
    principal: Principal,
    area_code: str,
    unit_area_code: str,
    *,
    category: str | None = None,
    unit_name: str = "",
) -> Route:
    area = areas.get(uow, area_code)
    unit_area = areas.get(uow, unit_area_code)
    require(principal, Permission.MANAGE_AREAS, [area, unit_area])
    if category:
        config.categories.get(category)  # refuses an unknown category by name
    name = (unit_name or "").strip() or units.unit_name(unit_area)
    if len(name) > 200:
        raise InvalidInput("Tên đơn vị dài quá 200 ký tự.", code="unit_name_too_long", field="unit_name")
    if any(r.area_id == area.id and r.category == (category or None) for r in uow.cases.routes(area.path)):
        raise Conflict(f"{area.name} đã có quy tắc cho lĩnh vực này; hãy xóa quy tắc cũ trước.", code="route_exists")
    route = Route(
        area_id=area.id,
        area_path=area.path,
        unit_area_id=unit_area.id,
        unit_name=name,
        category=category or None,
        created_by=principal.username,
        created_at=utcnow(),
    )
    uow.cases.add_route(route)
    uow.session.flush()
    record(
        uow,
        principal,
        "feedback.route.add",
        "feedback_route",
        route.id,
        area_code=area.code,
        details={"category": category, "unit_area": unit_area.code, "unit_name": name},
    )
    return route


def list_routes(uow: UnitOfWork, principal: Principal) -> Sequence[Route]:
    """The rules of the areas the principal administers (an admin of a commune sees its commune's)."""
    require_anywhere(principal, Permission.MANAGE_AREAS)
    reach = areas_for(principal, Permission.MANAGE_AREAS)
    if reach.everything:
        return uow.cases.routes()
    found = {r.id: r for within in reach.subtrees for r in uow.cases.routes(within)}  # nested grants: once
    return sorted(found.values(), key=lambda r: (r.area_path, r.category or ""))


def get_route(uow: UnitOfWork, principal: Principal, route_id: int) -> Route:
    """One rule of an area the principal administers (what the admin confirms before removing it)."""
    route = uow.cases.get_route(route_id)
    if route is None:
        raise NotFound(f"Không có quy tắc số {route_id}.", code="route_not_found")
    area = uow.areas.get(route.area_id)
    assert area is not None
    require(principal, Permission.MANAGE_AREAS, area)
    return route


def remove_route(uow: UnitOfWork, principal: Principal, route_id: int) -> Route:
    route = get_route(uow, principal, route_id)
    area = uow.areas.get(route.area_id)
    assert area is not None
    uow.cases.delete_route(route)
    record(
        uow,
        principal,
        "feedback.route.remove",
        "feedback_route",
        route_id,
        area_code=area.code,
        details={"category": route.category, "unit_name": route.unit_name},
    )
    return route
