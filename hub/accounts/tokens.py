"""Signed bearer tokens (JWT, HS256) for officials.

A token names the user and the user's `token_version`; disabling a user or changing a password bumps
the version, so old tokens stop working at once although they are stateless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from hub.kit.errors import Unauthorized
from hub.kit.time import utcnow

ALGORITHM = "HS256"
AUDIENCE = "ttcs-hub"


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    version: int
    expires_at: datetime


def issue(key: str, user_id: int, version: int, ttl: timedelta) -> tuple[str, datetime]:
    now = utcnow()
    expires = now + ttl
    payload = {"sub": str(user_id), "ver": version, "iat": now, "exp": expires, "aud": AUDIENCE}
    return jwt.encode(payload, key, algorithm=ALGORITHM), expires


def read(key: str, token: str) -> TokenClaims:
    try:
        payload = jwt.decode(token, key, algorithms=[ALGORITHM], audience=AUDIENCE)
        return TokenClaims(int(payload["sub"]), int(payload["ver"]), datetime.fromtimestamp(payload["exp"]))
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.", code="token_expired") from exc
    except (jwt.PyJWTError, KeyError, ValueError) as exc:
        raise Unauthorized("Mã truy cập không hợp lệ. Vui lòng đăng nhập lại.", code="token_invalid") from exc
