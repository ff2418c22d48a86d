"""When a sign-in is refused before its password is checked: guessing gains nothing, and a stranger
cannot lock a named official out.

Failed sign-ins are counted per (name, address) pair, not per name: five wrong passwords from one
address pause that address for that name, while the official signing in from elsewhere goes on.
An address failing for any names (30 by default) pauses the address. Only a clearly distributed
attack — failures for one name from many addresses (10) within the window — locks the name for
everyone; an admin sees it on the accounts page and may unlock it (`unlock`, audited). In between,
once a name has failed from two or more addresses, its password is checked at most once every few
seconds ("slow down"): each attacker address gets its five guesses, but not in a burst.

Counting is atomic: the caller holds the user's row lock (`UserRepository.lock_for_login`, or
SQLite's write lock) from these checks until the attempt is recorded and committed, so parallel
requests for one name are checked one after another and cannot all read "no failures yet".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from hub.accounts.model import User
from hub.config import Settings
from hub.db.uow import UnitOfWork
from hub.kit.errors import TooManyRequests


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int  # per (name, address)
    max_failures_per_address: int
    lock_addresses: int  # distinct failing addresses that lock the name everywhere
    slowdown: timedelta
    window: timedelta

    @classmethod
    def of(cls, settings: Settings) -> LoginPolicy:
        return cls(
            settings.login_max_failures,
            settings.login_max_failures_per_ip,
            settings.login_lock_addresses,
            timedelta(seconds=settings.login_slowdown_seconds),
            timedelta(minutes=settings.login_window_minutes),
        )


@dataclass(frozen=True)
class LockState:
    """What the accounts page shows about a name."""

    locked_everywhere: bool  # a distributed attack: nobody may sign in with this name for now
    paused_addresses: int  # addresses paused for this name (the official elsewhere is not affected)
    failing_addresses: int = 0

    @property
    def locked(self) -> bool:
        return self.locked_everywhere or self.paused_addresses > 0


def counted_since(policy: LoginPolicy, user: User | None, now: datetime) -> datetime:
    since = now - policy.window
    if user is not None and user.login_reset_at is not None and user.login_reset_at > since:
        return user.login_reset_at
    return since


def check(uow: UnitOfWork, policy: LoginPolicy, name: str, user: User | None, address: str, now: datetime) -> None:
    """Raise `TooManyRequests` (with Retry-After) when this attempt must not be checked."""
    if uow.logins.failures_since(address=address, since=now - policy.window) >= policy.max_failures_per_address:
        raise locked(policy.window)
    by_address = uow.logins.failures_by_address(name, counted_since(policy, user, now))
    failures, first, _ = by_address.get(address, (0, now, now))
    if failures >= policy.max_failures:
        raise locked(first + policy.window - now)
    if len(by_address) >= policy.lock_addresses:
        latest = max(last for _, _, last in by_address.values())
        raise locked(
            latest + policy.window - now,
            "Tài khoản đang bị dò mật khẩu từ nhiều nơi nên tạm khóa đăng nhập. "
            "Quản trị viên có thể mở khóa ngay; nếu không, vui lòng thử lại sau {minutes} phút.",
        )
    total = sum(count for count, _, _ in by_address.values())
    if len(by_address) >= 2 and total >= policy.max_failures:
        latest = max(last for _, _, last in by_address.values())
        wait = latest + policy.slowdown - now
        if wait > timedelta(0):
            seconds = max(1, math.ceil(wait.total_seconds()))
            raise TooManyRequests(
                f"Tài khoản này vừa bị nhập sai mật khẩu nhiều lần. Vui lòng đợi {seconds} giây rồi thử lại.",
                code="login_slowed",
                retry_after=seconds,
            )


def locked(
    wait: timedelta, text: str = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút."
) -> TooManyRequests:
    minutes = max(1, int(wait.total_seconds() // 60) + 1)
    return TooManyRequests(text.format(minutes=minutes), code="login_locked", retry_after=minutes * 60)


def states(uow: UnitOfWork, policy: LoginPolicy, users: list[User], now: datetime) -> dict[str, LockState]:
    """The lock state of each listed name that has recent failures (one query for all, one more per
    name under attack), for the accounts list."""
    failing = uow.logins.names_failing([u.username for u in users], now - policy.window)
    found = {}
    for user in users:
        if failing.get(user.username):
            by_address = uow.logins.failures_by_address(user.username, counted_since(policy, user, now))
            paused = sum(1 for count, _, _ in by_address.values() if count >= policy.max_failures)
            everywhere = len(by_address) >= policy.lock_addresses
            found[user.username] = LockState(everywhere, paused, len(by_address))
    return found
