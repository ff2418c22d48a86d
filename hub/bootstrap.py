"""Wiring: settings → plugins → database → the hub that the app, the worker and the CLI share."""

from __future__ import annotations

import logging

from hub.config import Settings
from hub.context import Hub
from hub.db.database import Database
from hub.db.engine import engine_from_settings
from hub.db.events import Dispatch
from hub.plugins import load


def build_hub(settings: Settings) -> Hub:
    settings.check()
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    registry = load(settings.plugins)
    for declared in registry.settings_classes:
        settings.of(declared)  # a wrong plugin setting stops the start, naming the variable
    for hook in registry.startup:
        hook(settings)
    events = Dispatch(registry.listeners, registry.in_transaction, registry.after_commit)
    database = Database(engine_from_settings(settings), mappers=registry.mappers, events=events)
    hub = Hub(settings=settings, database=database, registry=registry, signing_key=settings.signing_key())
    events.hub = hub  # handlers after commit get the hub (and through it its services)
    return hub
