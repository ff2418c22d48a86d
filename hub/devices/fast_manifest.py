"""The manifest's "not modified" without the framework: a pure ASGI layer in front of the routes.

Nearly every request of a fleet is a device polling `GET /api/v1/device/manifest` with the ETag it
already holds. Answering it needs only the device's identity (cached per token by the runtime) and
the change feed's versions (`Runtime.etag`), so this layer answers that 304 itself, with the same
headers as the route (`hub.devices.device_api.get_manifest`), before routing, dependency injection
and Response objects. Anything else goes to the app unchanged: another path or method, a long-poll
(`wait` > 0), a `version` newer than the feed, an unknown query parameter, a token this process does
not know yet or no longer trusts (the route answers 401 or loads it), a feed with unread commits of
this process, an ETag that does not match (the route renders the manifest).
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from devices import protocol
from hub.devices.runtime import Runtime

PATH = "/api/v1/device/manifest"
MAX_VERSION = 2**62
ROUTE = SimpleNamespace(path=PATH)  # what the metrics layer labels the request with (`scope["route"].path`)
_PROTOCOL = (protocol.HEADER.lower().encode(), str(protocol.PROTOCOL_VERSION).encode())
_NO_CACHE = (b"cache-control", b"no-cache")


def _plain_poll(query: bytes, runtime: Runtime) -> bool:
    """No query, or only `wait=0` and a `version` the feed already has (each at most once)."""
    if not query:
        return True
    try:
        pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return False
    seen: set[str] = set()
    for name, value in pairs:
        if name in seen or not value.isdigit() or not value.isascii():
            return False
        seen.add(name)
        if name == "wait":
            if int(value) != 0:
                return False
        elif name == "version":
            if int(value) > MAX_VERSION or int(value) > runtime.feed.last:
                return False
        else:
            return False
    return True


class FastManifest:
    """ASGI middleware: answers a device's manifest poll with 304 when its ETag is still current."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == PATH and scope["method"] == "GET":
            etag = self._current(scope)
            if etag is not None:
                scope["route"] = ROUTE
                headers = [(b"etag", etag), _NO_CACHE, _PROTOCOL]
                await send({"type": "http.response.start", "status": 304, "headers": headers})
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)

    @staticmethod
    def _current(scope: Scope) -> bytes | None:
        """The device's ETag when the request holds it already; None when the route must answer."""
        app = scope.get("app")
        runtime: Runtime | None = getattr(getattr(app, "state", None), "devices", None)
        if runtime is None or runtime.feed.dirty:
            return None
        authorization = match = None
        for name, value in scope["headers"]:
            if name == b"authorization" and authorization is None:  # the first one, as the route reads
                authorization = value
            elif name == b"if-none-match" and match is None:
                match = value
        if not authorization or not match:
            return None
        scheme, _, token = authorization.decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        if not _plain_poll(scope.get("query_string", b""), runtime):
            return None
        identity = runtime.cached(token.strip())
        if identity is None:
            return None
        etag = runtime.etag(identity).encode("latin-1")
        if etag not in match:
            return None
        runtime.fast_not_modified += 1
        return etag
