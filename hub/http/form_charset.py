"""Form bodies are read as UTF-8, whatever the client typed raw.

A urlencoded body should be ASCII (`%E1%BB%94` for "Ổ"), but `curl -d description="Ổ gà"` and some
applications send the UTF-8 bytes as they are, and Starlette's form parser reads those bytes as
Latin-1 ("á» gÃ "). This pure ASGI middleware percent-encodes every byte ≥ 0x80 of an
`application/x-www-form-urlencoded` body (unless the client names another charset), so the parser's
percent-decoding, which is UTF-8, reads raw and encoded Vietnamese alike — for every form the hub
takes: Open311, the sign-in form and the token endpoint, the officials' pages and the portal.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_URLENCODED = b"application/x-www-form-urlencoded"
_ESCAPES = [bytes([b]) if b < 0x80 else b"%%%02X" % b for b in range(256)]


def percent_encode_high_bytes(chunk: bytes) -> bytes:
    if chunk.isascii():
        return chunk
    return b"".join(_ESCAPES[b] for b in chunk)


def _is_utf8_form(content_type: bytes) -> bool:
    kind, _, params = content_type.lower().partition(b";")
    if kind.strip() != _URLENCODED:
        return False
    for param in params.split(b";"):
        name, _, value = param.strip().partition(b"=")
        if name == b"charset" and value.strip(b"\"' ") not in (b"utf-8", b"utf8"):
            return False
    return True


class Utf8Forms:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers", [])
        content_type = next((v for k, v in headers if k == b"content-type"), b"")
        if not _is_utf8_form(content_type):
            await self.app(scope, receive, send)
            return

        async def reading() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                message = {**message, "body": percent_encode_high_bytes(message.get("body", b""))}
            return message

        # The body's length changes with the escapes: drop the stale Content-Length for the app inside.
        inner = {**scope, "headers": [(k, v) for k, v in headers if k != b"content-length"]}
        await self.app(inner, reading, send)
