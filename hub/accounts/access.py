"""Authorisation by role and area, in one place.

Every service asks here before acting; endpoints and chat commands never check roles themselves.
A refusal names the area and the role needed, in Vietnamese, so the official knows whom to ask.

`areas_for(principal, permission)` is the one answer to "where may this principal do that": services
check single areas with `can`/`require`, and hand the `Reach` to repositories to filter lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hub.accounts.model import PERMISSION_ROLE, ROLE_LABELS, ROLE_PERMISSIONS, Permission, Principal, Role, Scope
from hub.areas.model import Area, ancestor_paths, path_depth
from hub.kit.errors import Forbidden


@dataclass(frozen=True)
class Reach:
    """Where a principal may act or look, as area paths.

    `everything`: the whole province (a grant on the root, or the hub itself). `subtrees`: the paths
    of the grant areas; an area inside one is covered. `ancestors`: the paths above those areas (a
    bulletin sent there, once approved, reached the principal's area and may be read).
    """

    everything: bool = False
    subtrees: tuple[str, ...] = ()
    ancestors: tuple[str, ...] = ()

    def covers(self, path: str) -> bool:
        return self.everything or any(path.startswith(s) for s in self.subtrees)

    def covers_any(self, paths: Iterable[str]) -> bool:
        return any(self.covers(p) for p in paths)

    @property
    def limited_to(self) -> tuple[str, ...] | None:
        """The subtrees a query must stay inside; None when it may read everything."""
        return None if self.everything else self.subtrees


EVERYWHERE = Reach(everything=True)


def scopes_for(principal: Principal, permission: Permission) -> list[Scope]:
    """The grants of `principal` that carry `permission`."""
    return [s for s in principal.scopes if permission in ROLE_PERMISSIONS[s.role]]


def areas_for(principal: Principal, permission: Permission) -> Reach:
    """Where `principal` holds `permission`."""
    return _reach(principal, scopes_for(principal, permission))


def areas_with_role(principal: Principal, roles: Iterable[Role]) -> Reach:
    """Where `principal` holds one of `roles` (rules tied to a role rather than a permission, such as
    who may see a citizen's phone number)."""
    wanted = set(roles)
    return _reach(principal, [s for s in principal.scopes if s.role in wanted])


def _reach(principal: Principal, scopes: list[Scope]) -> Reach:
    if principal.is_system:
        return EVERYWHERE
    paths = tuple(sorted({s.area_path for s in scopes}))
    if any(path_depth(p) == 1 for p in paths):  # a grant on the root (the province)
        return EVERYWHERE
    above = {a for p in paths for a in ancestor_paths(p)} - set(paths)
    return Reach(subtrees=paths, ancestors=tuple(sorted(above)))


def home_scope(principal: Principal, permission: Permission, paths: Iterable[str] = ()) -> Scope | None:
    """The principal's deepest grant with `permission` that holds every one of `paths` (the unit it
    acts for by default); None when no single grant does."""
    wanted = list(paths)
    held = [s for s in scopes_for(principal, permission) if all(p.startswith(s.area_path) for p in wanted)]
    return max(held, key=lambda s: path_depth(s.area_path)) if held else None


def can(principal: Principal, permission: Permission, area: Area) -> bool:
    return areas_for(principal, permission).covers(area.path)


def require(principal: Principal, permission: Permission, areas: Area | Iterable[Area]) -> None:
    """Raise Forbidden naming the first area outside the principal's scope for `permission`."""
    if principal.is_system:
        return
    for area in [areas] if isinstance(areas, Area) else list(areas):
        if not can(principal, permission, area):
            raise _refusal(principal, permission, area)


def require_anywhere(principal: Principal, permission: Permission) -> None:
    """Raise Forbidden unless the principal holds `permission` for some area."""
    if principal.is_system or scopes_for(principal, permission):
        return
    role = ROLE_LABELS[PERMISSION_ROLE[permission]]
    raise Forbidden(
        f"Bạn cần vai trò “{role}” để thực hiện thao tác này.",
        code="role_required",
        required_role=PERMISSION_ROLE[permission].value,
    )


def require_province(principal: Principal, permission: Permission, detail: str, code: str) -> None:
    """Raise Forbidden with `detail` unless the principal holds `permission` for the whole province."""
    if not areas_for(principal, permission).everything:
        raise Forbidden(detail, code=code)


def _refusal(principal: Principal, permission: Permission, area: Area) -> Forbidden:
    role = PERMISSION_ROLE[permission]
    held = scopes_for(principal, permission)
    if held:
        where = ", ".join(sorted({s.area_name for s in held}))
        detail = (
            f"Bạn không có quyền {_ACTION[permission]} cho địa bàn {area.name} (mã {area.code}). "
            f"Vai trò “{ROLE_LABELS[role]}” của bạn chỉ áp dụng trong phạm vi: {where}."
        )
    else:
        detail = (
            f"Bạn không có quyền {_ACTION[permission]} cho địa bàn {area.name} (mã {area.code}): "
            f"cần vai trò “{ROLE_LABELS[role]}” tại địa bàn này."
        )
    return Forbidden(detail, code="outside_area", area_code=area.code, required_role=role.value)


_ACTION = {
    Permission.READ: "xem dữ liệu",
    Permission.DRAFT: "soạn tin",
    Permission.APPROVE: "duyệt tin",
    Permission.OPERATE_DEVICES: "vận hành thiết bị",
    Permission.HANDLE_FEEDBACK: "xử lý phản ánh",
    Permission.MANAGE_USERS: "quản lý tài khoản",
    Permission.MANAGE_AREAS: "quản lý địa bàn",
}
