"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's recommendations)."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hub.kit.errors import InvalidInput

_hasher = PasswordHasher()
MIN_LENGTH = 8


@functools.cache
def _dummy_hash() -> str:
    """Verifying against this keeps the time of "no such user" equal to "wrong password". Made on
    first use, not at import: hashing costs ~0.3 s that no command but a sign-in should pay."""
    return _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.", code="password_too_short")
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
