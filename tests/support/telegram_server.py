"""A loopback Telegram Bot API (https://core.telegram.org/bots/api) for the tests and the benchmark.

`{base}/bot{TOKEN}/{method}` answers `{"ok": true, "result": …}` or `{"ok": false, "error_code",
"description"[, "parameters": {"retry_after"}]}` with the matching HTTP status, as Telegram does:
401 for a wrong token, 400 "chat not found", 403 "bot was blocked by the user", 429 "Too Many
Requests: retry after N". Files the citizen "sent" (`add_file`) are described by getFile and
served at `{base}/file/bot{TOKEN}/{file_path}`, as Telegram does. Chat ids choose the behaviour: a
chat id in `blocked` is 403, one in `missing` is 400, and `rate_limited` answers the next N sends
with 429. `updates` feeds getUpdates.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any
from urllib.parse import unquote

from tests.support.loopback import Loopback, form_or_json

TOKEN = "123456:TEST-telegram-token"


class TelegramServer(Loopback):
    def __init__(self, token: str = TOKEN) -> None:
        super().__init__()
        self.token = token
        self.sent: list[dict[str, Any]] = []
        self.calls: list[str] = []
        self.callback_answers: list[str] = []
        self.blocked: set[str] = set()
        self.missing: set[str] = set()
        self.rate_limited = 0
        self.failing = 0  # the next N sends answer 500
        self.updates: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] = {}
        self.files: dict[str, bytes] = {}  # file_id → content
        self.downloads = 0
        self._arrived = threading.Condition()

    @property
    def api_url(self) -> str:
        return f"{self.base}/bot"

    def texts_to(self, chat_id: str | int) -> list[str]:
        return [m["text"] for m in self.sent if str(m["chat_id"]) == str(chat_id)]

    def push_update(self, update: dict[str, Any]) -> None:
        with self._arrived:
            self.updates.append(update)
            self._arrived.notify_all()

    def add_file(self, file_id: str, data: bytes) -> dict[str, Any]:
        """A file as a citizen's message carries it (a `PhotoSize`)."""
        self.files[file_id] = data
        return {"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 64, "height": 48, "file_size": len(data)}

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: bytes):
        if path.startswith("/file/"):
            return self._download(unquote(path))  # the client may send the token's ":" as %3A
        prefix, _, name = path.rpartition("/")
        if prefix != f"/bot{self.token}":
            return _error(401, "Unauthorized")
        params = {**query, **form_or_json(headers, body)}
        with self.lock:
            self.calls.append(name)
        handler = getattr(self, f"_{name}", None)
        if handler is None:
            return _error(404, "Not Found: method not found")
        return handler(params)

    def _getMe(self, params: dict[str, Any]):
        me = {"id": 123456, "is_bot": True, "first_name": "TTCS", "username": "ttcs_test_bot"}
        return _ok(
            {**me, "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
        )

    def _sendMessage(self, params: dict[str, Any]):
        chat_id = str(params.get("chat_id", ""))
        with self.lock:
            if self.rate_limited > 0:
                self.rate_limited -= 1
                return _error(429, "Too Many Requests: retry after 1", {"retry_after": 1})
            if self.failing > 0:
                self.failing -= 1
                return _error(500, "Internal Server Error")
        if chat_id in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        if chat_id in self.missing or not chat_id:
            return _error(400, "Bad Request: chat not found")
        text = str(params.get("text", ""))
        if not text or len(text) > 4096:
            return _error(400, "Bad Request: message text is empty" if not text else "Bad Request: message is too long")
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        for row in (markup or {}).get("inline_keyboard", []):
            for key in row:
                url = key.get("url")
                if url is not None and (not url.startswith(("http://", "https://")) or "." not in url.split("/")[2]):
                    return _error(400, "Bad Request: BUTTON_URL_INVALID")
        with self.lock:
            message_id = len(self.sent) + 1
            self.sent.append({"chat_id": chat_id, "text": text, "reply_markup": markup, "message_id": message_id})
        chat = {"id": int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id, "type": "private"}
        return _ok({"message_id": message_id, "date": int(time.time()), "chat": chat, "text": text})

    def _getFile(self, params: dict[str, Any]):
        file_id = str(params.get("file_id", ""))
        if file_id not in self.files:
            return _error(400, "Bad Request: invalid file_id")
        size = len(self.files[file_id])
        return _ok(
            {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_size": size,
                "file_path": f"photos/{file_id}.jpg",
            }
        )

    def _download(self, path: str):
        prefix = f"/file/bot{self.token}/photos/"
        if not path.startswith(prefix):
            return 404, b"Not Found", {"Content-Type": "text/plain"}
        data = self.files.get(path[len(prefix) :].removesuffix(".jpg"))
        if data is None:
            return 404, b"Not Found", {"Content-Type": "text/plain"}
        with self.lock:
            self.downloads += 1
        return 200, data, {"Content-Type": "application/octet-stream"}

    def _answerCallbackQuery(self, params: dict[str, Any]):
        with self.lock:
            self.callback_answers.append(str(params.get("callback_query_id")))
        return _ok(True)

    def _getUpdates(self, params: dict[str, Any]):
        if self.webhook.get("url"):
            return _error(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 2.0)
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = [u for u in self.updates if u["update_id"] >= offset]
                if found or time.monotonic() >= deadline:
                    break
                self._arrived.wait(max(0.0, deadline - time.monotonic()))
            self.updates = found  # confirmed updates (below offset) are forgotten, as Telegram does
        return _ok(found[: int(params.get("limit") or 100)])

    def _setWebhook(self, params: dict[str, Any]):
        secret = str(params.get("secret_token", ""))
        if secret and not (1 <= len(secret) <= 256):
            return _error(400, "Bad Request: secret token is invalid")
        self.webhook = {"url": params.get("url", ""), "secret_token": secret}
        return _ok(True)

    def _deleteWebhook(self, params: dict[str, Any]):
        self.webhook = {}
        return _ok(True)


def _ok(result: Any):
    return 200, {"ok": True, "result": result}, {}


def _error(code: int, description: str, parameters: dict[str, Any] | None = None):
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return code, body, {}
