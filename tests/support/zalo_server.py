"""A loopback Zalo OA API for the tests and the benchmark, after Zalo's public documents (see
../shared/reference/zalo.md): `POST /v3.0/oa/message/cs` with an `access_token` header, errors as
HTTP 200 with a non-zero `error`; `POST /v4/oa/access_token` (form, header `secret_key`) rotating a
single-use refresh token. It also signs webhook events as Zalo does (`signed`).

The 7-day window is enforced as Zalo does: a user whose last message the server knows of
(`wrote(user, at)`; `user_event` timestamps, recorded by `saw(event)`) more than 7 days ago, or who is
in `closed`, gets -230. Knobs: `rate_limited` (the next N sends → -32), `failing` (the next N sends →
HTTP 502), `expire()` (every access token refused → -216).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from typing import Any

from tests.support.loopback import Loopback, form_or_json

APP_ID = "1234567890"
APP_SECRET = "zalo-app-secret"
OA_ID = "5555555555"
OA_SECRET = "zalo-oa-secret-key"
WINDOW_SECONDS = 7 * 24 * 3600


class ZaloServer(Loopback):
    def __init__(self) -> None:
        super().__init__()
        self.access_tokens: set[str] = set()
        self.refresh_token = "refresh-0"
        self.refreshes = 0
        self.sent: list[dict[str, Any]] = []
        self.closed: set[str] = set()
        self.last_message: dict[str, float] = {}  # user id → epoch seconds of their last message
        self.rate_limited = 0
        self.failing = 0
        self.on_send = None  # called with (user id, text) for each message accepted (the benchmark)
        self.access_token = self._issue()
        self.media: dict[str, tuple[int, str, bytes]] = {}  # name → (status, content type, body): Zalo's CDN

    def hub_settings(self) -> dict[str, str]:
        """The hub's settings that point its Zalo channel at this server, as a test or a bench passes them."""
        return {
            "zalo_app_id": APP_ID,
            "zalo_app_secret": APP_SECRET,
            "zalo_oa_secret": OA_SECRET,
            "zalo_refresh_token": self.refresh_token,
            "zalo_api_url": self.base,
            "zalo_oauth_url": self.base,
        }

    def host(self, name: str, data: bytes, *, status: int = 200, content_type: str = "image/jpeg") -> str:
        """Serve a photo as Zalo's CDN does for `user_send_image`; its URL."""
        self.media[name] = (status, content_type, data)
        return f"{self.base}/media/{name}"

    def _issue(self) -> str:
        token = f"access-{secrets.token_hex(6)}"
        self.access_tokens = {token}
        return token

    def wrote(self, user_id: str, at: float) -> None:
        """The user wrote to the OA at `at` (epoch seconds): the window counts from there."""
        with self.lock:
            self.last_message[user_id] = max(at, self.last_message.get(user_id, 0.0))

    def saw(self, event: dict[str, Any]) -> None:
        """Zalo saw this user event (what it signs and delivers to the webhook)."""
        user = str((event.get("sender") or event.get("follower") or {}).get("id", ""))
        self.wrote(user, int(event["timestamp"]) / 1000)

    def window_closed(self, user_id: str) -> bool:
        last = self.last_message.get(user_id)
        return user_id in self.closed or (last is not None and time.time() - last > WINDOW_SECONDS)

    def expire(self) -> None:
        self.access_tokens = set()

    def texts_to(self, user_id: str) -> list[str]:
        return [m["message"]["text"] for m in self.sent if m["recipient"]["user_id"] == user_id]

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: bytes):
        lower = {k.lower(): v for k, v in headers.items()}
        if path == "/v3.0/oa/message/cs":
            return self._send(lower, body)
        if method == "GET" and path.startswith("/media/"):
            status, kind, data = self.media.get(path[len("/media/") :], (404, "text/plain", b"Not Found"))
            return status, data, {"Content-Type": kind}
        if path == "/v4/oa/access_token":
            return self._refresh(lower, form_or_json(headers, body))
        return 404, {"error": 404, "message": "not found"}, {}

    def _send(self, headers: dict[str, str], body: bytes):
        with self.lock:
            if self.failing > 0:
                self.failing -= 1
                return 502, b"Bad Gateway", {"Content-Type": "text/plain"}
            if headers.get("access_token") not in self.access_tokens:
                return 200, {"error": -216, "message": "Access token is invalid"}, {}
            if self.rate_limited > 0:
                self.rate_limited -= 1
                return 200, {"error": -32, "message": "Request exceeds rate limit"}, {}
        data = json.loads(body)
        user = str((data.get("recipient") or {}).get("user_id", ""))
        text = str((data.get("message") or {}).get("text", ""))
        if not user or not text or len(text) > 2000 or not _buttons_valid(data.get("message") or {}):
            return 200, {"error": -201, "message": "Parameters are invalid"}, {}
        if self.window_closed(user):
            return 200, {"error": -230, "message": "User has not interacted with the OA in the last 7 days"}, {}
        with self.lock:
            self.sent.append(data)
            message_id = f"zmsg-{len(self.sent)}"
        if self.on_send is not None:
            self.on_send(user, text)
        return 200, {"error": 0, "message": "Success", "data": {"message_id": message_id, "user_id": user}}, {}

    def _refresh(self, headers: dict[str, str], form: dict[str, Any]):
        if headers.get("secret_key") != APP_SECRET or form.get("app_id") != APP_ID:
            return 200, {"error": -14002, "error_name": "Invalid app", "error_description": "app id or secret"}, {}
        with self.lock:
            if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.refresh_token:
                return 200, {"error": -14014, "error_name": "Invalid refresh token", "error_description": "used"}, {}
            self.refreshes += 1
            self.refresh_token = f"refresh-{self.refreshes}"
            self.access_token = self._issue()
            return (
                200,
                {"access_token": self.access_token, "refresh_token": self.refresh_token, "expires_in": "90000"},
                {},
            )


BUTTON_TYPES = {"oa.open.url", "oa.query.show", "oa.query.hide", "oa.open.phone", "oa.open.sms"}


def _buttons_valid(message: dict[str, Any]) -> bool:
    """At most 5 buttons of the documented types; an `oa.open.url` one with an http(s) `payload.url`."""
    buttons = ((message.get("attachment") or {}).get("payload") or {}).get("buttons") or []
    if len(buttons) > 5:
        return False
    for button in buttons:
        if button.get("type") not in BUTTON_TYPES or not str(button.get("title", ""))[:100]:
            return False
        if button["type"] == "oa.open.url":
            url = str((button.get("payload") or {}).get("url", ""))
            if not url.startswith(("http://", "https://")) or "." not in url.split("/")[2]:
                return False
    return True


def signed(event: dict[str, Any], *, app_id: str = APP_ID, secret: str = OA_SECRET) -> tuple[bytes, dict[str, str]]:
    """A webhook body and its `X-ZEvent-Signature`, as Zalo sends them."""
    body = json.dumps(event, ensure_ascii=False).encode()
    mac = hashlib.sha256(app_id.encode() + body + str(event["timestamp"]).encode() + secret.encode()).hexdigest()
    return body, {"X-ZEvent-Signature": f"mac={mac}", "Content-Type": "application/json"}


def user_event(
    user_id: str,
    event_name: str = "user_send_text",
    *,
    text: str = "",
    msg_id: str | None = None,
    attachments: list[dict[str, Any]] | None = None,
    at: float | None = None,
) -> dict[str, Any]:
    message: dict[str, Any] = {"msg_id": msg_id or secrets.token_hex(8), "text": text}
    if attachments:
        message["attachments"] = attachments
    return {
        "app_id": APP_ID,
        "user_id_by_app": f"app-{user_id}",
        "event_name": event_name,
        "sender": {"id": user_id},
        "recipient": {"id": OA_ID},
        "message": message,
        "timestamp": str(int((time.time() if at is None else at) * 1000)),
    }


def follow_event(user_id: str, event_name: str = "follow") -> dict[str, Any]:
    return {
        "app_id": APP_ID,
        "oa_id": OA_ID,
        "event_name": event_name,
        "follower": {"id": user_id},
        "source": "testing",
        "timestamp": str(int(time.time() * 1000)),
    }
