"""Sending with the OA API v3: consultation messages (`POST /v3.0/oa/message/cs`), with query buttons
for the choices. Zalo answers errors with HTTP 200 and a non-zero `error`: each is looked at here.

    -216, -220   token invalid or expired   → refresh (rotating the pair) and retry once
    -230, -232   outside the 7-day window   → WindowClosed (the outbox tries ZNS, then SMS, else waits)
    -213, -227, -244, -201                  → Undeliverable (not a follower, inactive, blocked, bad request)
    -32, -211    rate limit, quota          → ChannelBusy (retried with backoff)
    anything else, or no answer             → ConnectionError (retried with backoff)

A citizen not heard from for seven days cannot be written to: such a message is refused before
any call (`WindowClosed`); the outbox then sends it by Zalo ZNS or SMS to the phone number the
citizen consented to give (`zns.py`, hub/messaging), or keeps it until they write again.
"""

from __future__ import annotations

from datetime import timedelta

import httpx

from bot.channels.base import ChannelBusy, reply_of
from bot.channels.links import links
from bot.channels.zalo.tokens import TokenStore
from bot.dialogue.reply import Reply
from bot.settings import BotSettings
from hub.config import Settings
from hub.contacts.model import Contact
from hub.context import Hub, ServiceKey
from hub.db.database import Database
from hub.kit.time import utcnow
from hub.messaging.model import Message
from hub.messaging.senders import Sender, Undeliverable, WindowClosed

TEXT_MAX = 2000
BUTTONS_MAX = 5  # choices first, then the reply's links as `oa.open.url` buttons
WINDOW = timedelta(days=7)
TOKEN_ERRORS = frozenset({-216, -220})
REFUSED = {
    -230: "ngoài khung 7 ngày được phép nhắn tin của Zalo OA",
    -232: "ngoài khung 7 ngày được phép nhắn tin của Zalo OA",
    -213: "người dùng chưa quan tâm (follow) OA",
    -227: "tài khoản Zalo bị khóa hoặc không hoạt động quá 45 ngày",
    -244: "người dùng đã chặn loại tin nhắn này",
    -201: "tham số không hợp lệ",
}
WINDOW_ERRORS = frozenset({-230, -232})
BUSY = frozenset({-32, -211})


class ZaloClient:
    def __init__(self, settings: Settings, database: Database, *, transport: httpx.BaseTransport | None = None) -> None:
        self.url = settings.of(BotSettings).zalo_api_url.rstrip("/") + "/v3.0/oa/message/cs"
        self.http = httpx.Client(timeout=settings.of(BotSettings).zalo_timeout_seconds, transport=transport)
        self.tokens = TokenStore(settings, database, self.http)

    def send_text(self, recipient: str, text: str) -> str | None:
        return self.send_reply(recipient, Reply(text))

    def send_reply(self, recipient: str, reply: Reply) -> str | None:
        text = reply.text if len(reply.text) <= TEXT_MAX else reply.text[: TEXT_MAX - 1] + "…"
        choices: list[dict[str, object]] = [
            {"title": c.title[:100], "type": "oa.query.hide", "payload": c.payload} for c in reply.choices[:BUTTONS_MAX]
        ]
        urls: list[dict[str, object]] = [
            {"title": link.title, "type": "oa.open.url", "payload": {"url": link.url}}
            for link in links(reply.text, limit=BUTTONS_MAX - len(choices))
        ]
        data = self._send(recipient, text, choices + urls)
        if urls and data.get("error") == -201:  # a link Zalo does not take: the text keeps it
            data = self._send(recipient, text, choices)
        return self._result(data)

    def _send(self, recipient: str, text: str, buttons: list[dict[str, object]]) -> dict[str, object]:
        message: dict[str, object] = {"text": text}
        if buttons:
            message["attachment"] = {"type": "template", "payload": {"buttons": buttons}}
        body = {"recipient": {"user_id": recipient}, "message": message}
        token = self.tokens.access_token()
        data = self._post(body, token)
        if data.get("error") in TOKEN_ERRORS:
            data = self._post(body, self.tokens.refresh(stale=token))
        return data

    def _post(self, body: dict[str, object], token: str) -> dict[str, object]:
        try:
            response = self.http.post(self.url, json=body, headers={"access_token": token})
        except httpx.HTTPError as exc:
            raise ConnectionError(f"Zalo unreachable: {exc.__class__.__name__}") from exc
        if response.status_code != 200:
            raise ConnectionError(f"Zalo answered HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError as exc:
            raise ConnectionError("Zalo answered something that is not JSON") from exc
        if not isinstance(data, dict):
            raise ConnectionError("Zalo answered an unexpected document")
        return data

    @staticmethod
    def _result(data: dict[str, object]) -> str | None:
        code = int(str(data.get("error") or 0))
        if code == 0:
            found = data.get("data")
            return str(found.get("message_id")) if isinstance(found, dict) and found.get("message_id") else None
        detail = f"Zalo {code}: {data.get('message', '')}"
        if code in WINDOW_ERRORS:
            raise WindowClosed(f"{REFUSED[code]} ({detail})")
        if code in REFUSED:
            raise Undeliverable(f"{REFUSED[code]} ({detail})")
        if code in BUSY:
            raise ChannelBusy(detail)
        raise ConnectionError(detail)

    def close(self) -> None:
        self.http.close()


class ZaloSender:
    """The outbox's sender for Zalo: the 7-day window is checked before any call."""

    def __init__(self, client: ZaloClient, window: timedelta = WINDOW) -> None:
        self.client = client
        self.window = window

    def send(self, contact: Contact | None, message: Message) -> str | None:
        if contact is None:
            raise Undeliverable("không có người nhận")
        if utcnow() - contact.last_seen_at > self.window:
            raise WindowClosed(REFUSED[-230] + " (người dân chưa nhắn tin trong 7 ngày qua)")
        return self.client.send_reply(contact.channel_user_id, reply_of(message))


CLIENT = ServiceKey[ZaloClient]("bot.zalo.client")


def client_for(hub: Hub) -> ZaloClient:
    """The hub's one Zalo client (its HTTP pool and token pair serve every message)."""
    return hub.service(CLIENT)


def build_client(hub: Hub) -> ZaloClient:
    return ZaloClient(hub.settings, hub.database)


def configured(settings: Settings) -> bool:
    bot = settings.of(BotSettings)
    return bool(bot.zalo_app_id and (bot.zalo_access_token or bot.zalo_refresh_token))


def zalo_sender(hub: Hub) -> Sender | None:
    if not configured(hub.settings):
        return None
    return ZaloSender(client_for(hub), timedelta(days=hub.settings.of(BotSettings).zalo_window_days))
