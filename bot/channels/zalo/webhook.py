"""`POST /webhooks/zalo`: the OA's events. A request whose signature does not match is refused (401)
and nothing is stored; an event is stored (once, whatever the number of deliveries) before the 200
that Zalo waits for, then answered."""

from __future__ import annotations

import logging

import orjson
from fastapi import APIRouter, BackgroundTasks, Request
from starlette.concurrency import run_in_threadpool

from bot import inbox
from bot.channels.zalo import events, signature
from bot.model import Inbound
from bot.settings import BotSettings
from hub.context import Hub
from hub.http.deps import HubDep
from hub.kit.errors import Unauthorized

log = logging.getLogger(__name__)
router = APIRouter(tags=["chat"])
HEADER = "X-ZEvent-Signature"


def store(hub: Hub, inbound: Inbound) -> int | None:
    with hub.database.uow() as uow:
        stored, created = inbox.receive(uow, hub, inbound)
        uow.commit()
        return stored.id if created else None


@router.post("/webhooks/zalo", summary="Sự kiện từ Zalo OA (webhook)")
async def webhook(request: Request, hub: HubDep, background: BackgroundTasks) -> dict[str, object]:
    settings = hub.settings
    raw = await request.body()
    try:
        event = orjson.loads(raw)  # nesting limited (1024): a deep document is refused, not a RecursionError
    except ValueError:
        event = None
    if not isinstance(event, dict):
        raise Unauthorized("Sự kiện Zalo không hợp lệ.", code="zalo_signature")
    oa_id = str(event.get("oa_id") or (event.get("recipient") or {}).get("id") or "")
    if not signature.verify(
        request.headers.get(HEADER, ""),
        raw,
        str(event.get("timestamp", "")),
        settings.of(BotSettings).zalo_oa_secret,
        app_id=settings.of(BotSettings).zalo_app_id or str(event.get("app_id", "")),
        oa_id=oa_id,
    ):
        raise Unauthorized("Sai chữ ký sự kiện Zalo.", code="zalo_signature")
    inbound = events.inbound_of(event)
    if inbound is not None:
        stored = await run_in_threadpool(store, hub, inbound)
        if stored is not None:
            background.add_task(inbox.handle_now, hub, stored)
    return {"error": 0, "message": "Success"}
