"""The bot package joins the hub here: NLU (`POST /model/parse`, `ttcs nlu`), the dialogue, the chat
channels (web, Zalo, Telegram) with their senders, officials' chat commands, and the hotline (`ttcs ivr`)."""

from __future__ import annotations

from pathlib import Path

from bot import inbox, runtime, tables
from bot.channels import sms, staff, telegram, web
from bot.channels.base import WebMailbox
from bot.channels.zalo import client as zalo
from bot.channels.zalo import webhook as zalo_webhook
from bot.channels.zalo import zns
from bot.nlu_api import router as nlu_router
from bot.officials import endpoints as officials
from bot.settings import BotSettings
from hub.plugins import Registry
from hub.web.extensions import web_of
from voice.ivr.settings import HotlineSettings


def register(registry: Registry) -> None:
    registry.settings(BotSettings)
    registry.audit_labels(
        {
            "chat.link_code": "tạo mã liên kết chat",
            "chat.link": "liên kết tài khoản chat",
            "chat.unlink": "bỏ liên kết chat",
            "chat.confirm_request": "yêu cầu xác nhận qua chat",
            "chat.confirm_code": "gửi mã xác nhận qua chat",
            "chat.confirm": "xác nhận qua chat",
            "chat.confirm_refused": "từ chối xác nhận qua chat",
        },
    )
    registry.tables(tables.map_tables)
    registry.router(nlu_router)
    registry.job(inbox.PROCESS, inbox.process_job)
    registry.service(runtime.RUNTIME, runtime.build)
    registry.router(web.router)
    registry.sender("web", lambda hub: WebMailbox())
    registry.service(telegram.CLIENT, telegram.build_client)
    registry.service(zalo.CLIENT, zalo.build_client)
    registry.router(telegram.router)
    registry.sender("telegram", telegram.telegram_sender)
    registry.router(zalo_webhook.router)
    registry.router(sms.router)
    registry.sender("zalo", zalo.zalo_sender)
    registry.sender("zns", zns.zns_sender)
    registry.sender("staff", staff.staff_sender)
    web_of(registry).templates(Path(__file__).parent / "templates")
    web_of(registry).portal_snippet("chat/widget.html")
    officials.register(registry)
    registry.settings(HotlineSettings)
