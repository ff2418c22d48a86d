"""The web chat: Rasa's REST channel contract, and the chat widget of the citizen portal.

    POST /webhooks/rest/webhook  {"sender": "…", "message": "…", "message_id"?: "…"}
      → [{"recipient_id": "…", "text": "…", "buttons": [{"title": "…", "payload": "…"}]}]

The message is stored first, then answered in the response. When it cannot be stored (the
database is down) the answer is 503 `chat_not_received`, saying so, and the widget sends it again
with backoff; a 503 `chat_busy` means it was stored and will be answered in the mailbox. A retried request (the same
`message_id`, or without one the same text again within `TTCS_CHAT_WEB_RETRY_SECONDS`) gets the
same replies and changes nothing. Answers that come later (an official's answer to a feedback,
subscribed news) wait in the citizen's mailbox, which the widget polls
(`GET /api/v1/public/messages?sender=…`).
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field

from bot import inbox
from bot.dialogue.reply import Reply
from bot.model import Inbound
from bot.settings import BotSettings
from hub.http.deps import HubDep
from hub.kit.errors import Unavailable

log = logging.getLogger(__name__)
router = APIRouter(tags=["chat"])
STATIC = Path(__file__).parent / "web_static"


class RestMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    sender: str = Field(min_length=1, max_length=128, description="Mã người gửi (trình duyệt, ứng dụng).")
    message: str = Field("", description="Tin nhắn; nút bấm gửi `payload` của nút.")
    message_id: str | None = Field(None, max_length=100, description="Mã tin nhắn; gửi lại cùng mã được cùng trả lời.")
    metadata: dict[str, Any] | None = None


class Button(BaseModel):
    title: str
    payload: str


class RestReply(BaseModel):
    recipient_id: str
    text: str
    buttons: list[Button] | None = None


def as_rest(sender: str, reply: Reply) -> RestReply:
    buttons = [Button(title=c.title, payload=c.payload) for c in reply.choices] or None
    return RestReply(recipient_id=sender, text=reply.text, buttons=buttons)


@router.get("/webhooks/rest/", summary="Kênh REST (kiểu Rasa) đang hoạt động")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.post(
    "/webhooks/rest/webhook",
    response_model=list[RestReply],
    response_model_exclude_none=True,
    summary="Trò chuyện qua kênh web (giao thức REST của Rasa)",
)
def webhook(body: RestMessage, hub: HubDep) -> list[RestReply]:
    given = body.message_id or (body.metadata or {}).get("message_id")
    inbound = Inbound(
        channel="web",
        sender=body.sender,
        message_key=f"id:{given}" if given else f"auto:{uuid.uuid4().hex}",
        text=body.message,
    )
    window = None if given else timedelta(seconds=hub.settings.of(BotSettings).chat_web_retry_seconds)
    try:
        replies = inbox.converse(hub, inbound, retry_window=window)
    except inbox.NotReceived as exc:
        # Never claim a message was recorded when it was not: the widget keeps it and sends it again.
        log.error("web chat: message from %s not stored: %s", body.sender[:12], exc)
        raise Unavailable(
            "Hệ thống đang gián đoạn, tin nhắn của bà con CHƯA được nhận. Trang sẽ tự gửi lại sau ít giây; "
            "bà con không cần gõ lại.",
            code="chat_not_received",
        ) from exc
    except Exception as exc:
        # The message may already be stored: a worker will answer it, and the answer waits in the mailbox.
        log.exception("web chat: message from %s not answered now", body.sender[:12])
        raise Unavailable(
            "Hệ thống đang bận. Tin nhắn của bà con đã được ghi nhận; câu trả lời sẽ hiện ở đây sau ít phút.",
            code="chat_busy",
        ) from exc
    return [as_rest(body.sender, reply) for reply in replies]


router.mount("/static/chat", StaticFiles(directory=STATIC), name="static-chat")
