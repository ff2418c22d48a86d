"""Request body size limits, enforced before the body reaches any endpoint.

A pure ASGI middleware: it refuses on `Content-Length` at once, and counts the bytes of a
streamed body so that a client that lies about the length is stopped too. Plugins that accept
uploads (audio recordings) raise the limit for their own path prefix.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.http.problems import problem
from hub.kit.errors import PayloadTooLarge


class BodyLimit:
    def __init__(self, app: ASGIApp, default: int, per_prefix: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.default = default
        self.per_prefix = sorted((per_prefix or {}).items(), key=lambda item: -len(item[0]))

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.per_prefix:
            if path.startswith(prefix):
                return limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await _refuse(scope, send, limit)
                return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _refuse(scope, send, limit)


class _TooLarge(Exception):
    pass


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    error = PayloadTooLarge(
        f"Nội dung gửi lên quá lớn (tối đa {_human(limit)}).", code="payload_too_large", limit_bytes=limit
    )
    response = problem(error.status, error.title, error.detail, error.code, scope["path"], **error.extra)
    await response(scope, _empty_receive, send)


async def _empty_receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def _human(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} byte"
