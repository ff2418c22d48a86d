"""The bot package joins the hub here. For now: natural-language understanding — the
Rasa-compatible `POST /model/parse` and the `ttcs nlu` commands (chat channels come later)."""

from __future__ import annotations

from bot.nlu_api import router as nlu_router
from bot.nlu_cli import nlu
from hub.plugins import Registry


def register(registry: Registry) -> None:
    registry.router(nlu_router)
    registry.command(nlu)
