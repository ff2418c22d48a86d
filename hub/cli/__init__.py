"""The `ttcs` command. Plugins add their own sub-commands (`ttcs nlu …`, `ttcs speaker …`)."""

from __future__ import annotations

from hub.cli.main import main

__all__ = ["main"]
