"""SMS to the hotline number as a chat channel: feedback and status checks by text message.

Input (as Rasa's input channels): the SMS gateway (`TTCS_SMS_URL`, the one that sends our answers)
POSTs each text message it receives to `POST /webhooks/sms`:

    {"id": "gw-123", "from": "0905123456", "to": "1022", "text": "phan anh cua toi sao roi"}
    X-TTCS-Timestamp: 1764750000            (epoch seconds)
    X-TTCS-Signature: sha256=<hex>          HMAC-SHA256(TTCS_SMS_INBOUND_SECRET, timestamp + "." + raw body)

A request without a valid signature, or signed more than `REPLAY_SECONDS` away from now, is refused
(401) and nothing is stored. A message is stored (deduplicated on the gateway's `id`: a retried
delivery is stored once) before the 200 that acknowledges it, then answered. Messages to another
number than the hotline (`TTCS_CHAT_HOTLINE`, when set) are acknowledged and ignored.

Output: replies leave through the outbox on channel "sms" (hub/messaging's SMS sender, the same
gateway). SMS has no buttons: choices are numbered in the text ("1: …", a typed "1" picks the first)
and links stay plain (`as_text`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from typing import Any

import orjson
from fastapi import APIRouter, BackgroundTasks, Request
from starlette.concurrency import run_in_threadpool

from bot import inbox
from bot.model import Inbound
from bot.settings import BotSettings
from hub.contacts.model import normalise_phone
from hub.context import Hub
from hub.http.deps import HubDep
from hub.kit.errors import InvalidInput, Unauthorized
from hub.messaging.settings import SmsSettings

log = logging.getLogger(__name__)
CHANNEL = "sms"
SIGNATURE = "X-TTCS-Signature"
TIMESTAMP = "X-TTCS-Timestamp"
REPLAY_SECONDS = 300
TEXT_MAX = 1600  # ten concatenated SMS


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value for a body (what the gateway computes)."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={mac}"


def verify(secret: str, timestamp: str, given: str, body: bytes, *, now: float | None = None) -> bool:
    if not secret or not timestamp.isdigit():
        return False
    if abs((now if now is not None else time.time()) - int(timestamp)) > REPLAY_SECONDS:
        return False
    return hmac.compare_digest(given.encode(), sign(secret, timestamp, body).encode())


def inbound_of(data: dict[str, Any], hotline: str) -> Inbound | None:
    """The citizen's message, or None when it was sent to another number than the hotline."""
    key = str(data.get("id") or "").strip()
    sender = str(data.get("from") or "").strip()
    if not key or not sender or len(key) > 128:
        raise InvalidInput("Tin nhắn SMS thiếu mã tin (id) hoặc số gửi (from).", code="sms_invalid")
    number = normalise_phone(sender)  # a clear 400 for what is not a phone number
    to = str(data.get("to") or "").strip()
    if hotline and to and _digits(to) != _digits(hotline):
        return None
    text = str(data.get("text") or "")[:TEXT_MAX]
    return Inbound(CHANNEL, number or sender, f"sms:{key}", text=text)


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


def store(hub: Hub, inbound: Inbound) -> int | None:
    with hub.database.uow() as uow:
        stored, created = inbox.receive(uow, hub, inbound)
        uow.commit()
        return stored.id if created else None


router = APIRouter(tags=["chat"])


@router.post("/webhooks/sms", summary="Tin nhắn SMS đến số đường dây nóng (từ cổng SMS)")
async def webhook(request: Request, hub: HubDep, background: BackgroundTasks) -> dict[str, bool]:
    raw = await request.body()
    secret = hub.settings.of(SmsSettings).sms_inbound_secret
    if not verify(secret, request.headers.get(TIMESTAMP, ""), request.headers.get(SIGNATURE, ""), raw):
        raise Unauthorized("Sai chữ ký tin nhắn SMS đến.", code="sms_signature")
    try:
        data = orjson.loads(raw)
    except ValueError as exc:
        raise InvalidInput("Tin nhắn SMS không hợp lệ (cần JSON).", code="sms_invalid") from exc
    if not isinstance(data, dict):
        raise InvalidInput("Tin nhắn SMS không hợp lệ (cần JSON).", code="sms_invalid")
    inbound = inbound_of(data, hub.settings.of(BotSettings).chat_hotline)
    if inbound is None:
        return {"ok": True}
    stored = await run_in_threadpool(store, hub, inbound)
    if stored is not None:
        background.add_task(inbox.handle_now, hub, stored)
    return {"ok": True}
