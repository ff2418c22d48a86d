"""Officials' accounts and roles scoped to an area subtree.

A grant says "this user has role R for area A and everything below it". A user may hold several
grants (an approver of two communes, an editor of the province). Citizens are not users: they are
identified per channel elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from hub.areas.model import Area
from hub.kit.ids import ASSIGNED_ON_FLUSH


class Role(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    APPROVER = "approver"
    DEVICE_OPERATOR = "device_operator"
    VIEWER = "viewer"


ROLE_LABELS = {
    Role.ADMIN: "Quản trị",
    Role.EDITOR: "Biên tập viên",
    Role.APPROVER: "Người duyệt tin",
    Role.DEVICE_OPERATOR: "Vận hành thiết bị",
    Role.VIEWER: "Người xem",
}


class Permission(StrEnum):
    READ = "read"
    DRAFT = "draft"  # write and submit bulletins
    APPROVE = "approve"  # approve, reject, publish, withdraw bulletins
    OPERATE_DEVICES = "operate_devices"
    HANDLE_FEEDBACK = "handle_feedback"
    MANAGE_USERS = "manage_users"
    MANAGE_AREAS = "manage_areas"  # villages, aliases, lexicon, operating rules


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.EDITOR: frozenset({Permission.READ, Permission.DRAFT, Permission.HANDLE_FEEDBACK}),
    Role.APPROVER: frozenset({Permission.READ, Permission.APPROVE, Permission.HANDLE_FEEDBACK}),
    Role.DEVICE_OPERATOR: frozenset({Permission.READ, Permission.OPERATE_DEVICES}),
    Role.VIEWER: frozenset({Permission.READ}),
}

# Which role to name when someone lacks a permission ("cần vai trò Người duyệt tin").
PERMISSION_ROLE = {
    Permission.READ: Role.VIEWER,
    Permission.DRAFT: Role.EDITOR,
    Permission.APPROVE: Role.APPROVER,
    Permission.OPERATE_DEVICES: Role.DEVICE_OPERATOR,
    Permission.HANDLE_FEEDBACK: Role.EDITOR,
    Permission.MANAGE_USERS: Role.ADMIN,
    Permission.MANAGE_AREAS: Role.ADMIN,
}


@dataclass(eq=False)
class RoleGrant:
    role: Role
    area_id: int
    user_id: int | None = None
    id: int = ASSIGNED_ON_FLUSH
    area: Area | None = field(default=None, repr=False)


@dataclass(eq=False)
class User:
    username: str
    full_name: str
    password_hash: str
    is_active: bool = True
    token_version: int = 1
    phone: str | None = None
    created_at: datetime | None = None
    login_reset_at: datetime | None = None
    grants: list[RoleGrant] = field(default_factory=list)
    id: int = ASSIGNED_ON_FLUSH

    def grant(self, role: Role, area: Area) -> RoleGrant:
        for existing in self.grants:
            if existing.role == role and existing.area_id == area.id:
                return existing
        grant = RoleGrant(role=role, area_id=area.id or 0, area=area)
        self.grants.append(grant)
        return grant

    def disable(self) -> None:
        self.is_active = False
        self.token_version += 1  # every token issued so far stops working


@dataclass(frozen=True)
class Scope:
    """One grant as the authorisation helper sees it."""

    role: Role
    area_code: str
    area_name: str
    area_path: str


class Actor(StrEnum):
    """What kind of actor a principal is: an official (a person with an account), a partner system
    that caused the change (a CAP sender, a feed), or the hub itself (the sweep, expiry)."""

    OFFICIAL = "official"
    PARTNER = "partner"
    SYSTEM = "system"


@dataclass(frozen=True)
class Principal:
    """Who is acting, and through which channel. Built once per request, job or command."""

    user_id: int | None
    username: str
    full_name: str
    scopes: tuple[Scope, ...]
    channel: str = "api"
    actor: Actor = Actor.OFFICIAL

    @classmethod
    def of(cls, user: User, channel: str) -> Principal:
        scopes = tuple(Scope(g.role, g.area.code, g.area.name, g.area.path) for g in user.grants if g.area is not None)
        return cls(user.id, user.username, user.full_name, scopes, channel)

    @classmethod
    def system(cls, channel: str = "system") -> Principal:
        return cls(None, "system", "Hệ thống", (), channel, Actor.SYSTEM)

    @classmethod
    def partner(cls, name: str, full_name: str, scopes: tuple[Scope, ...], channel: str) -> Principal:
        """A partner system without an account of its own (a CAP sender): audited under its name, and
        bound by `scopes` like an official."""
        return cls(None, name[:64], full_name, scopes, channel, Actor.PARTNER)

    @property
    def is_system(self) -> bool:
        return self.actor == Actor.SYSTEM

    def roles(self) -> set[Role]:
        return {s.role for s in self.scopes}
