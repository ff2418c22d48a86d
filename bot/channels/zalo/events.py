"""Zalo OA webhook events → `Inbound`. Deliveries come at least once: each message is keyed by its
`msg_id` (follow/unfollow and shared info by the event, the user and the timestamp)."""

from __future__ import annotations

from typing import Any

from bot.model import FOLLOW, IMAGE, INFO, LOCATION, TEXT, UNFOLLOW, Inbound

CHANNEL = "zalo"


def inbound_of(event: dict[str, Any]) -> Inbound | None:
    """The citizen's message in an event, or None for what needs no answer (the OA's own messages,
    receipts, anonymous chats, unknown events)."""
    name = str(event.get("event_name", ""))
    stamp = str(event.get("timestamp", ""))
    if name in ("follow", "unfollow"):
        user = str((event.get("follower") or {}).get("id", ""))
        if not user:
            return None
        return Inbound(CHANNEL, user, f"{name}:{user}:{stamp}", kind=FOLLOW if name == "follow" else UNFOLLOW)
    if not name.startswith("user_"):
        return None
    user = str((event.get("sender") or {}).get("id", ""))
    if not user:
        return None
    if name == "user_submit_info":
        info = event.get("info") or {}
        phone = str(info.get("phone") or info.get("phone_number") or "")
        return Inbound(CHANNEL, user, f"info:{user}:{stamp}", kind=INFO, name=str(info.get("name", "")), phone=phone)
    message = event.get("message") or {}
    key = str(message.get("msg_id") or f"{name}:{user}:{stamp}")
    text = str(message.get("text") or "")
    attachments = [a for a in message.get("attachments") or [] if isinstance(a, dict)]
    if name == "user_send_image":
        urls = tuple(str((a.get("payload") or {}).get("url", "")) for a in attachments)
        return Inbound(CHANNEL, user, key, kind=IMAGE, text=text, images=tuple(u for u in urls if u))
    if name == "user_send_location":
        coordinates = next(((a.get("payload") or {}).get("coordinates") for a in attachments), None) or {}
        try:
            where = (float(coordinates["latitude"]), float(coordinates["longitude"]))
        except (KeyError, TypeError, ValueError):
            return Inbound(CHANNEL, user, key, text=text)
        return Inbound(CHANNEL, user, key, kind=LOCATION, location=where, text=text)
    if name in (
        "user_send_text",
        "user_send_link",
        "user_send_sticker",
        "user_send_gif",
        "user_send_audio",
        "user_send_video",
        "user_send_file",
        "user_send_business_card",
    ):
        return Inbound(CHANNEL, user, key, kind=TEXT, text=text)
    return None
