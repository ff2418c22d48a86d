"""Signed bearer tokens (JWT, HS256) for officials, each naming one session.

A token names the user, the user's `token_version` and a random session id (`sid`). Two ways end
tokens before they expire, for two different needs:

- everything of a user at once: disabling the account, changing the password or removing a role bumps
  `token_version`, so every token issued so far stops working although they are stateless (the web
  page that changed the password gets a fresh token and goes on);
- one session: signing out writes the session id into `revoked_session` until the token's expiry, so
  the cookie and the token inside it stop working even where they were copied, while the official's
  other sessions (the phone, the office PC, a script's API token) go on. A per-user counter bump at
  sign-out would end all of those too; a server-side record of every live session would add a write
  to each sign-in for what only sign-outs need. The check is one primary-key lookup per request,
  next to the user lookup that is there anyway.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from hub.kit.errors import Unauthorized
from hub.kit.time import utcnow

ALGORITHM = "HS256"
AUDIENCE = "ttcs-hub"


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    version: int
    session_id: str
    expires_at: datetime


def issue(key: str, user_id: int, version: int, ttl: timedelta) -> tuple[str, datetime]:
    now = utcnow()
    expires = now + ttl
    payload = {
        "sub": str(user_id),
        "ver": version,
        "sid": secrets.token_urlsafe(18),
        "iat": now,
        "exp": expires,
        "aud": AUDIENCE,
    }
    return jwt.encode(payload, key, algorithm=ALGORITHM), expires


def read(key: str, token: str) -> TokenClaims:
    """The claims of a token this hub signed; a token without a session id (issued before sessions
    could be ended one by one) is refused, and its holder signs in again."""
    try:
        payload = jwt.decode(token, key, algorithms=[ALGORITHM], audience=AUDIENCE)
        return TokenClaims(
            int(payload["sub"]),
            int(payload["ver"]),
            str(payload["sid"]),
            datetime.fromtimestamp(payload["exp"], UTC),
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.", code="token_expired") from exc
    except (jwt.PyJWTError, KeyError, ValueError) as exc:
        raise Unauthorized("Mã truy cập không hợp lệ. Vui lòng đăng nhập lại.", code="token_invalid") from exc
