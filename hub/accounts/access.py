"""Authorisation by role and area, in one place.

Every service asks here before acting; endpoints and chat commands never check roles themselves.
A refusal names the area and the role needed, in Vietnamese, so the official knows whom to ask.
"""

from __future__ import annotations

from collections.abc import Iterable

from hub.accounts.model import PERMISSION_ROLE, ROLE_LABELS, ROLE_PERMISSIONS, Permission, Principal, Scope
from hub.areas.model import Area
from hub.kit.errors import Forbidden


def scopes_for(principal: Principal, permission: Permission) -> list[Scope]:
    """The grants of `principal` that carry `permission`."""
    return [s for s in principal.scopes if permission in ROLE_PERMISSIONS[s.role]]


def can(principal: Principal, permission: Permission, area: Area) -> bool:
    if principal.is_system:
        return True
    return any(area.path.startswith(s.area_path) for s in scopes_for(principal, permission))


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
