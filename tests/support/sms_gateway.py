"""A loopback HTTP SMS gateway for the tests: records what it is asked to send and answers with
the status the test chooses."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class SmsGateway:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.status = 200
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                gateway.received.append(body)
                gateway.headers.append(dict(self.headers))
                reply = json.dumps({"id": f"sms-{len(gateway.received)}"}).encode()
                self.send_response(gateway.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> SmsGateway:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def forwarded(
    secret: str, sender: str, text: str, *, msg_id: str, to: str = "1022", at: float | None = None
) -> tuple[bytes, dict[str, str]]:
    """A text message as the gateway forwards it to `POST /webhooks/sms`: the body and its headers
    (`X-TTCS-Timestamp`, `X-TTCS-Signature` = HMAC-SHA256 of timestamp + "." + body)."""
    import hashlib
    import hmac
    import time

    body = json.dumps({"id": msg_id, "from": sender, "to": to, "text": text}, ensure_ascii=False).encode()
    stamp = str(int(time.time() if at is None else at))
    mac = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return body, {"Content-Type": "application/json", "X-TTCS-Timestamp": stamp, "X-TTCS-Signature": f"sha256={mac}"}
