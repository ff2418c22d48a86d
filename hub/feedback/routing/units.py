"""Which unit answers a case, and which officials hear about it.

A case goes to the unit of its commune (a village's case to the commune it belongs to; a case
known only at province level to the province) unless a routing rule says otherwise: a rule on an
area (and optionally a category) sends the cases of that subtree to another area's officials under
a name citizens understand ("Công an xã", "Điện lực Đắk Lắk"). The deepest rule wins, and one
for the category beats one for any category.

The unit's officials are those granted a role that handles feedback on the unit's own area; if
there are none, the nearest area above that has some. Escalation goes to the approvers (the
leaders) of the area above the unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hub.accounts.model import ROLE_PERMISSIONS, Permission, Role, User
from hub.areas.model import Area, AreaLevel, ancestor_paths, path_depth
from hub.db.uow import UnitOfWork

HANDLER_ROLES = tuple(r.value for r, perms in ROLE_PERMISSIONS.items() if Permission.HANDLE_FEEDBACK in perms)
LEADER_ROLES = (Role.APPROVER.value,)


@dataclass(frozen=True)
class Unit:
    area: Area
    name: str


@dataclass(frozen=True)
class Placement:
    """Where a case sits: its area, the commune that bounds duplicate search, the unit answering it."""

    area: Area
    scope: Area
    unit: Unit


def unit_name(area: Area) -> str:
    return f"UBND {area.name}"


def place(uow: UnitOfWork, area: Area, category: str) -> Placement:
    if area.level in (AreaLevel.COMMUNE, AreaLevel.PROVINCE):
        scope = area  # the common case needs no look-up of the chain above
    else:
        chain = [*uow.areas.ancestors(area), area]
        scope = next((a for a in reversed(chain) if a.level == AreaLevel.COMMUNE), area)
    rules = uow.cases.routes_for(ancestor_paths(area.path, inclusive=True), category)
    if rules:
        best = max(rules, key=lambda rule: (path_depth(rule.area_path), rule.category is not None))
        target = uow.areas.get(best.unit_area_id)
        assert target is not None  # a foreign key guarantees it
        return Placement(area, scope, Unit(target, best.unit_name))
    return Placement(area, scope, Unit(scope, unit_name(scope)))


def _nearest_holders(uow: UnitOfWork, area: Area, roles: Sequence[str]) -> list[User]:
    chain = [*uow.areas.ancestors(area), area]
    for candidate in reversed(chain):
        found = uow.users.holding(candidate.id, roles)
        if found:
            return list(found)
    return []


def handlers(uow: UnitOfWork, unit_area: Area) -> list[User]:
    """The officials who receive a new case of this unit."""
    return _nearest_holders(uow, unit_area, HANDLER_ROLES)


def escalation(uow: UnitOfWork, unit_area: Area) -> tuple[Area | None, list[User]]:
    """The area above the unit and its leaders, who hear about overdue cases."""
    ancestors = uow.areas.ancestors(unit_area)
    if not ancestors:
        return None, _nearest_holders(uow, unit_area, LEADER_ROLES)
    parent = ancestors[-1]
    return parent, _nearest_holders(uow, parent, LEADER_ROLES)
