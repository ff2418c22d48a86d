"""The voice package joins the hub here: the `ttcs ivr` command (the hotline)."""

from __future__ import annotations

from hub.plugins import Registry
from voice.ivr.cli import ivr


def register(registry: Registry) -> None:
    registry.command(ivr)
