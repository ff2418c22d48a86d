"""Use cases of accounts: sign in, identify the caller, manage officials within one's area."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from hub.accounts import lockout, tokens
from hub.accounts.access import areas_for, require, require_anywhere, scopes_for
from hub.accounts.events import AccessChanged
from hub.accounts.lockout import LockState, LoginPolicy
from hub.accounts.model import ROLE_LABELS, Permission, Principal, Role, User
from hub.accounts.passwords import hash_password, verify_password
from hub.accounts.repository import RevokedSessionRepository
from hub.areas import service as areas
from hub.areas.model import Area
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.kit.errors import Conflict, InvalidInput, NotFound, Unauthorized
from hub.kit.time import utcnow

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
USERNAME_MAX = 64
BAD_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."


def login(
    uow: UnitOfWork, policy: LoginPolicy, username: str, password: str, address: str, channel: str = "api"
) -> User | None:
    """The user if the credentials are right, None if not (the caller answers and commits the attempt,
    so that it counts). A paused (name, address) pair, a paused address or a name under a distributed
    attack → 429, before the password is even checked, so guessing gains nothing (`hub.accounts.lockout`).
    The user's row stays locked until the caller commits: parallel attempts are counted one by one.
    `channel` is where the sign-in came from (the API, the web pages), as the audit log records it."""
    now = utcnow()
    name = username.strip().lower()
    if len(name) > USERNAME_MAX:  # no account has such a name, and the attempts table could not store it
        raise InvalidInput(
            f"Tên đăng nhập dài tối đa {USERNAME_MAX} ký tự.", code="username_too_long", field="username"
        )
    user = uow.users.lock_for_login(name)
    lockout.check(uow, policy, name, user, address, now)
    ok = verify_password(user.password_hash if user else None, password) and user is not None and user.is_active
    uow.logins.record(name, address, ok, now)
    if ok and user is not None:
        record(uow, Principal.of(user, channel), "user.login", "user", user.username, details={"address": address})
        return user
    return None


def issue_token(user: User, key: str, ttl: timedelta) -> tuple[str, datetime]:
    return tokens.issue(key, user.id, user.token_version, ttl)


def principal_for_token(uow: UnitOfWork, key: str, token: str, channel: str = "api") -> Principal:
    claims = tokens.read(key, token)
    user = uow.users.get(claims.user_id)
    if user is None or not user.is_active or user.token_version != claims.version:
        raise Unauthorized("Tài khoản đã bị khóa hoặc phiên đăng nhập không còn hiệu lực.", code="token_revoked")
    if RevokedSessionRepository(uow.session).contains(claims.session_id):
        raise Unauthorized("Phiên đăng nhập này đã kết thúc (đã đăng xuất). Vui lòng đăng nhập lại.", code="signed_out")
    return Principal.of(user, channel)


def token_expiry(key: str, token: str) -> datetime:
    return tokens.read(key, token).expires_at


def sign_out(uow: UnitOfWork, key: str, token: str, channel: str = "web") -> None:
    """End the session of this token on the server: the token (and a cookie copied with it) is refused
    from now on, while the official's other sessions go on (see `hub.accounts.tokens`). A token that
    no longer works needs nothing more."""
    try:
        principal = principal_for_token(uow, key, token, channel)
    except Unauthorized:
        return
    claims = tokens.read(key, token)
    RevokedSessionRepository(uow.session).add(claims.session_id, claims.user_id, claims.expires_at, utcnow())
    record(uow, principal, "user.logout", "user", principal.username)
    uow.emit(AccessChanged(claims.user_id, "logout"))


def unlock_user(uow: UnitOfWork, principal: Principal, username: str, policy: LoginPolicy) -> User:
    """End a sign-in lockout of this name at once (every address, and a lock for everyone): the failures
    so far stop counting. An admin does it after making sure the official is the one asking."""
    user = get_user(uow, principal, username)
    state = lockout.states(uow, policy, [user], utcnow()).get(user.username, LockState(False, 0))
    user.login_reset_at = utcnow()
    details = {"paused_addresses": state.paused_addresses, "locked_everywhere": state.locked_everywhere}
    record(uow, principal, "user.unlock", "user", user.username, details=details)
    return user


def lock_states(uow: UnitOfWork, principal: Principal, users: list[User], policy: LoginPolicy) -> dict[str, LockState]:
    """Which of these officials (listed for this admin) are locked out of signing in, and how."""
    require_anywhere(principal, Permission.MANAGE_USERS)
    return lockout.states(uow, policy, users, utcnow())


def principal_for_user(uow: UnitOfWork, username: str, channel: str) -> Principal:
    """The principal of a local operator's command (`ttcs … --as USER`) or of a linked chat account."""
    user = uow.users.get_by_username(username)
    if user is None or not user.is_active:
        raise NotFound(f"Không có tài khoản đang hoạt động tên “{username}”.", code="user_not_found")
    return Principal.of(user, channel)


def create_user(
    uow: UnitOfWork,
    principal: Principal,
    username: str,
    full_name: str,
    password: str,
    grants: Sequence[tuple[Role | str, str]],  # a role's value from a form is checked here
    phone: str | None = None,
) -> User:
    name = username.strip().lower()
    if not USERNAME_RE.match(name):
        raise InvalidInput(
            "Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.",
            code="username_invalid",
            field="username",
        )
    if not full_name.strip():
        raise InvalidInput("Cần nhập họ và tên.", code="full_name_required", field="full_name")
    if not grants:
        raise InvalidInput("Cần gán ít nhất một vai trò tại một địa bàn.", code="grants_required", field="grants")
    granted = _resolve_grants(uow, principal, grants)
    if uow.users.get_by_username(name) is not None:
        raise Conflict(f"Tên đăng nhập “{name}” đã được dùng.", code="username_taken", field="username")
    user = User(
        username=name,
        full_name=full_name.strip(),
        password_hash=hash_password(password),
        phone=(phone or "").strip() or None,
        created_at=utcnow(),
    )
    for role, area in granted:
        user.grant(role, area)
    uow.users.add(user)
    record(
        uow,
        principal,
        "user.create",
        "user",
        name,
        details={"grants": [f"{role.value}@{area.code}" for role, area in granted]},
    )
    return user


def _resolve_grants(
    uow: UnitOfWork, principal: Principal, grants: Sequence[tuple[Role | str, str]]
) -> list[tuple[Role, Area]]:
    resolved = []
    for given, code in grants:
        try:
            role = Role(given)
        except ValueError as exc:
            raise InvalidInput(
                f"Vai trò “{given}” không tồn tại. Chọn một trong: {', '.join(r.value for r in Role)}.",
                code="role_invalid",
            ) from exc
        area = areas.get(uow, code)
        require(principal, Permission.MANAGE_USERS, area)
        resolved.append((role, area))
    return resolved


def get_user(uow: UnitOfWork, principal: Principal, username: str) -> User:
    user = uow.users.get_by_username(username)
    if user is None or not _manages(uow, principal, user):
        raise NotFound(f"Không tìm thấy tài khoản “{username}”.", code="user_not_found")
    return user


def _manages(uow: UnitOfWork, principal: Principal, user: User) -> bool:
    """An admin manages a user when every grant of the user lies in the admin's scope."""
    managed = areas_for(principal, Permission.MANAGE_USERS)
    return (managed.everything or bool(managed.subtrees)) and all(
        g.area is not None and managed.covers(g.area.path) for g in user.grants
    )


def list_users(uow: UnitOfWork, principal: Principal) -> list[User]:
    """Officials holding a grant somewhere inside the caller's administration scope."""
    if principal.is_system:
        return list(uow.users.list())
    require_anywhere(principal, Permission.MANAGE_USERS)
    users: dict[int | None, User] = {}
    for scope in scopes_for(principal, Permission.MANAGE_USERS):
        users.update((user.id, user) for user in uow.users.list(within_path=scope.area_path))
    return sorted(users.values(), key=lambda user: user.username)


def disable_user(uow: UnitOfWork, principal: Principal, username: str) -> User:
    user = get_user(uow, principal, username)
    if user.id == principal.user_id:
        raise Conflict("Không thể tự khóa tài khoản của chính mình.", code="self_disable")
    user.disable()
    record(uow, principal, "user.disable", "user", user.username)
    uow.emit(AccessChanged(user.id, "disable"))
    return user


def enable_user(uow: UnitOfWork, principal: Principal, username: str) -> User:
    user = get_user(uow, principal, username)
    user.is_active = True
    record(uow, principal, "user.enable", "user", user.username)
    uow.emit(AccessChanged(user.id, "enable"))
    return user


def grant_role(uow: UnitOfWork, principal: Principal, username: str, role: Role | str, area_code: str) -> User:
    user = get_user(uow, principal, username)
    ((role, area),) = _resolve_grants(uow, principal, [(role, area_code)])
    user.grant(role, area)
    record(uow, principal, "user.grant", "user", user.username, details={"role": role.value, "area": area.code})
    uow.emit(AccessChanged(user.id, "grant"))
    return user


def revoke_role(uow: UnitOfWork, principal: Principal, username: str, role: Role | str, area_code: str) -> User:
    user = get_user(uow, principal, username)
    ((role, area),) = _resolve_grants(uow, principal, [(role, area_code)])
    kept = [g for g in user.grants if not (g.role == role and g.area_id == area.id)]
    if len(kept) == len(user.grants):
        raise NotFound(
            f"{user.username} không có vai trò “{ROLE_LABELS[role]}” tại {area.name}.", code="grant_not_found"
        )
    user.grants[:] = kept
    user.token_version += 1
    record(uow, principal, "user.revoke", "user", user.username, details={"role": role.value, "area": area.code})
    uow.emit(AccessChanged(user.id, "revoke"))
    return user


def change_password(uow: UnitOfWork, principal: Principal, old: str, new: str) -> None:
    user = uow.users.get(principal.user_id) if principal.user_id else None
    if user is None or not verify_password(user.password_hash, old):
        raise Unauthorized("Mật khẩu hiện tại không đúng.", code="password_mismatch")
    user.password_hash = hash_password(new)
    user.token_version += 1
    record(uow, principal, "user.password", "user", user.username)
    uow.emit(AccessChanged(user.id, "password"))


def ensure_admin(uow: UnitOfWork, province: Area, password: str) -> tuple[User, str | None]:
    """The first admin, `admin`, for the whole province. Returns a generated password to show once."""
    user = uow.users.get_by_username("admin")
    if user is not None:
        return user, None
    generated = None
    if not password:
        password = generated = secrets.token_urlsafe(12)
    user = User(
        username="admin", full_name="Quản trị hệ thống", password_hash=hash_password(password), created_at=utcnow()
    )
    user.grant(Role.ADMIN, province)
    uow.users.add(user)
    record(uow, Principal.system("cli"), "user.create", "user", "admin", details={"grants": [f"admin@{province.code}"]})
    return user, generated


def principal_user(uow: UnitOfWork, principal: Principal) -> User:
    user = uow.users.get(principal.user_id) if principal.user_id else None
    if user is None:
        raise NotFound("Không tìm thấy tài khoản.", code="user_not_found")
    return user
