"""The officials' web session: a signed, HttpOnly, SameSite cookie; nothing is stored on the server.

The cookie holds the CSRF token of the browser, the official's access token (the same signed token
the API issues, so disabling an account or changing a password ends web sessions too), when the
session began and when it was last used, and one-shot messages ("Đã duyệt tin."). A session ends
after `web_session_idle_minutes` without a page view or `web_session_max_minutes` after sign-in;
the cookie then stays, signed, so that a form posted after the end still carries a CSRF token that
can be checked, and its content can be kept while the official signs in again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import Request
from starlette.responses import Response

from hub.context import Hub
from hub.kit.time import utcnow
from hub.web.extensions import web_of

COOKIE = "ttcs_phien"
TOUCH_EVERY = 30  # seconds: how often the "last used" time is written back


def now() -> float:
    return utcnow().timestamp()


@dataclass
class WebSession:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    token: str | None = None
    started: float = 0.0
    seen: float = 0.0
    flashes: list[tuple[str, str]] = field(default_factory=list)
    expired: bool = False  # a sign-in ended by time (this request only)
    dirty: bool = True  # needs writing back (this request only)

    @property
    def signed_in(self) -> bool:
        return self.token is not None

    def sign_in(self, token: str) -> None:
        """A new session for a signed-in official (a new CSRF token too: no fixation)."""
        self.csrf = secrets.token_urlsafe(32)
        self.token = token
        self.started = self.seen = now()
        self.expired = False
        self.dirty = True

    def sign_out(self, *, expired: bool = False) -> None:
        self.token = None
        self.started = self.seen = 0.0
        self.expired = expired
        if not expired:
            self.csrf = secrets.token_urlsafe(32)
        self.dirty = True

    def flash(self, text: str, kind: str = "ok") -> None:
        """A message shown once, on the next page (after a redirect)."""
        self.flashes.append((kind, text))
        self.dirty = True

    def pop_flashes(self) -> list[tuple[str, str]]:
        found, self.flashes = self.flashes, []
        if found:
            self.dirty = True
        return found


class SessionCodec:
    def __init__(self, key: str, *, idle_seconds: int, max_seconds: int, secure: bool) -> None:
        self._serializer = URLSafeSerializer(key, salt="ttcs.web.session")
        self.idle_seconds = idle_seconds
        self.max_seconds = max_seconds
        self.secure = secure

    @classmethod
    def of(cls, hub: Hub) -> SessionCodec:
        settings = hub.settings
        return cls(
            hub.signing_key,
            idle_seconds=settings.web_session_idle_minutes * 60,
            max_seconds=settings.web_session_max_minutes * 60,
            secure=settings.public_url.startswith("https://"),
        )

    def load(self, cookie: str | None) -> WebSession:
        """The session of the cookie; a fresh anonymous one when it is missing or forged."""
        if not cookie:
            return WebSession()
        try:
            data = self._serializer.loads(cookie)
            session = WebSession(
                csrf=str(data["c"]),
                token=data.get("t"),
                started=float(data.get("s", 0)),
                seen=float(data.get("n", 0)),
                flashes=[(str(k), str(t)) for k, t in data.get("f", [])],
                dirty=False,
            )
        except (BadSignature, KeyError, TypeError, ValueError):
            return WebSession()
        moment = now()
        if session.token is not None:
            if moment - session.seen > self.idle_seconds or moment - session.started > self.max_seconds:
                session.sign_out(expired=True)
            elif moment - session.seen > TOUCH_EVERY:
                session.seen = moment
                session.dirty = True
        return session

    def dump(self, session: WebSession) -> str:
        data: dict[str, object] = {"c": session.csrf}
        if session.token is not None:
            data.update(t=session.token, s=int(session.started), n=int(session.seen))
        if session.flashes:
            data["f"] = session.flashes
        return self._serializer.dumps(data)

    def save(self, response: Response, session: WebSession) -> None:
        if session.dirty:
            response.set_cookie(COOKIE, self.dump(session), httponly=True, samesite="lax", secure=self.secure, path="/")


def codec(hub: Hub) -> SessionCodec:
    cache = web_of(hub.registry).cache
    if "codec" not in cache:
        cache["codec"] = SessionCodec.of(hub)
    return cache["codec"]


def get_session(request: Request) -> WebSession:
    """The browser's session, loaded from its cookie on first use in this request (pages that never
    ask for it, such as most of the citizen portal, set no cookie)."""
    session: WebSession | None = getattr(request.state, "web_session", None)
    if session is None:
        session = codec(request.app.state.hub).load(request.cookies.get(COOKIE))
        request.state.web_session = session
    return session
