"""The bot package joins the hub here: NLU (`POST /model/parse`, `ttcs nlu`), the dialogue, the chat
channels (web, Zalo, Telegram), officials' chat commands and their senders."""

from __future__ import annotations

from bot import tables
from bot.nlu_api import router as nlu_router
from bot.nlu_cli import nlu
from hub.plugins import Registry


def register(registry: Registry) -> None:
    registry.tables(tables.map_tables)
    registry.router(nlu_router)
    registry.command(nlu)
