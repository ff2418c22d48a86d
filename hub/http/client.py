"""Who is calling: the client's address, resolved once per request from the trusted proxies.

Behind nginx every connection comes from the proxy, so lockouts and rate limits keyed on the socket
peer would treat every citizen and official as one. The app resolves the address itself, in
`TrustedProxies`, rather than leaving it to the server: the same rule then holds under `ttcs serve`,
another ASGI server and the in-process test client, and uvicorn's own default (believing any
`X-Forwarded-For` sent from 127.0.0.1) cannot let a local process forge its address.

The work is done by uvicorn's `ProxyHeadersMiddleware` (0.54 accepts networks and takes the rightmost
address of the chain that is not a trusted proxy, so a client cannot hide behind a forged left part).
Everything that keys on the client (sign-in lockout, feedback and Open311 limits, partner sign-in)
reads `client_address(request)`, never the header.
"""

from __future__ import annotations

from typing import Any, cast

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

UNKNOWN = "unknown"


class TrustedProxies:
    """Replace the peer by the forwarded client when, and only when, the peer is a trusted proxy."""

    def __init__(self, app: ASGIApp, trusted: list[str]) -> None:
        self.app = app
        # uvicorn types the same ASGI callable with its own TypedDicts, Starlette with mappings
        resolve = ProxyHeadersMiddleware(cast(Any, app), trusted) if trusted else None
        self._resolve = cast("ASGIApp | None", resolve)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._resolve is None or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
        else:
            await self._resolve(scope, receive, send)


def client_address(connection: HTTPConnection) -> str:
    """The client's address as `TrustedProxies` resolved it (the socket peer when no proxy is trusted)."""
    client = connection.client
    return client.host if client and client.host else UNKNOWN
