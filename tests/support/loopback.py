"""A small HTTP server on a free loopback port for the stand-ins of the clouds we cannot reach
(Telegram, Zalo): a subclass answers `handle(method, path, query, headers, body)`."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class Loopback:
    def __init__(self) -> None:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the real APIs
            # The headers and the body go out in two writes: with Nagle's algorithm the body would wait
            # for the client's delayed ACK (~40 ms a response), a delay no real cloud API adds.
            disable_nagle_algorithm = True

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                status, payload, headers = owner.handle(self.command, parts.path, query, dict(self.headers), body)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Type" not in headers:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.lock = threading.Lock()

    def handle(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        raise NotImplementedError

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def form_or_json(headers: dict[str, str], body: bytes) -> dict[str, Any]:
    """A request's parameters, sent as JSON or as a form (values of a form may be JSON themselves)."""
    kind = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    if not body:
        return {}
    if "json" in kind:
        return dict(json.loads(body))
    return {k: v[-1] for k, v in parse_qs(body.decode()).items()}
