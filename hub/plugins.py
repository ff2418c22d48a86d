"""Plugins: how the packages at the edge (bot, nlu, voice, devices) join the hub without the hub
importing them.

A plugin is a module with a `register(registry: Registry) -> None` function. The hub's own
domains register themselves the same way. Plugins are found in three places, in this order:

1. the hub's built-in domains (`BUILTIN`);
2. the entry points of group ``ttcs.plugins`` declared in `pyproject.toml` (the composition root);
3. the modules named in ``TTCS_PLUGINS`` (an operator's own additions, or a test's).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import timedelta
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import click
    from fastapi import APIRouter, FastAPI

    from hub.config import Settings
    from hub.context import Hub
    from hub.jobs.worker import JobContext
    from hub.messaging.senders import Sender

log = logging.getLogger(__name__)

JobHandler = Callable[["JobContext", dict[str, Any]], None]
# Builds the sender of one channel from the settings; None when the channel is not configured.
SenderFactory = Callable[["Settings"], "Sender | None"]
# An async context manager entered for the life of the ASGI app (a change feed, a broker client …).
Lifespan = Callable[["FastAPI", "Hub"], AbstractAsyncContextManager[None]]
T = TypeVar("T")

BUILTIN = (
    "hub.areas.plugin",
    "hub.accounts.plugin",
    "hub.bulletins.plugin",
    "hub.audit.plugin",
    "hub.jobs.plugin",
    "hub.audio.plugin",
    "hub.broadcasts.plugin",
    "hub.devices.plugin",
    "hub.contacts.plugin",
    "hub.messaging.plugin",
    "hub.feedback.plugin",
    "hub.subscriptions.plugin",
    "hub.open311.plugin",
    "hub.calls.plugin",
    "hub.reports.plugin",
    "hub.exchange.plugin",
    "hub.web.plugin",
    "hub.portal.plugin",
)


@dataclass(frozen=True)
class Periodic:
    kind: str
    every: timedelta


@dataclass
class Registry:
    routers: list[tuple[APIRouter, str]] = field(default_factory=list)
    cli_commands: list[click.Command] = field(default_factory=list)
    jobs: dict[str, JobHandler] = field(default_factory=dict)
    periodic: list[Periodic] = field(default_factory=list)
    listeners: dict[str, list[str]] = field(default_factory=dict)
    startup: list[Callable[[Settings], None]] = field(default_factory=list)
    mappers: list[Callable[[], None]] = field(default_factory=list)
    body_limits: dict[str, int] = field(default_factory=dict)
    senders: dict[str, SenderFactory] = field(default_factory=dict)
    # Extension points other packages define (the web kit's pages, menu, cards: `hub.web.extensions.web_of`).
    extensions: dict[type, Any] = field(default_factory=dict)
    audit_actions: dict[str, str] = field(default_factory=dict)  # audit action → its Vietnamese label
    audit_entities: dict[str, str] = field(default_factory=dict)  # audited entity type → its Vietnamese label
    lifespans: list[Lifespan] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)

    def tables(self, map_tables: Callable[[], None]) -> None:
        """A function that maps a domain's classes onto its tables (run once per process)."""
        self.mappers.append(map_tables)

    def router(self, router: APIRouter, prefix: str = "") -> None:
        self.routers.append((router, prefix))

    def command(self, command: click.Command) -> None:
        self.cli_commands.append(command)

    def job(self, kind: str, handler: JobHandler) -> None:
        """Handle jobs of `kind`. A handler must tolerate running again after a crash."""
        if kind in self.jobs:
            raise ValueError(f"job kind {kind!r} registered twice")
        self.jobs[kind] = handler

    def every(self, kind: str, interval: timedelta) -> None:
        """Run job `kind` once per `interval`, whatever the number of workers."""
        self.periodic.append(Periodic(kind, interval))

    def listen(self, event_name: str, job_kind: str) -> None:
        """When a domain event is committed, enqueue `job_kind` with the event's payload."""
        self.listeners.setdefault(event_name, []).append(job_kind)

    def body_limit(self, path_prefix: str, max_bytes: int) -> None:
        """Accept larger request bodies under `path_prefix` (uploads)."""
        self.body_limits[path_prefix] = max_bytes

    def sender(self, channel: str, factory: SenderFactory) -> None:
        """Deliver outgoing messages to citizens of `channel` (zalo, telegram, sms …) with what
        `factory(settings)` builds; see `hub.messaging.senders.Sender`."""
        if channel in self.senders:
            raise ValueError(f"sender for channel {channel!r} registered twice")
        self.senders[channel] = factory

    def lifespan(self, factory: Lifespan) -> None:
        """Run `factory(app, hub)` (an async context manager) for the life of each ASGI app."""
        self.lifespans.append(factory)

    def audit_labels(self, actions: Mapping[str, str], entities: Mapping[str, str] | None = None) -> None:
        """The Vietnamese labels of the audit actions a plugin records (and of the entity types they
        name), shown in the audit log. Each plugin labels its own actions, so a new action is labelled
        where it is written."""
        for table, labels in ((self.audit_actions, actions), (self.audit_entities, entities or {})):
            for key, label in labels.items():
                if key in table:
                    raise ValueError(f"audit label {key!r} registered twice")
                table[key] = label

    def extension(self, kind: type[T]) -> T:
        """The one `kind()` of this registry, made on first use. A toolkit (the web kit) defines its own
        extension points this way, so the registry needs not import it."""
        if kind not in self.extensions:
            self.extensions[kind] = kind()
        found: T = self.extensions[kind]
        return found

    def on_startup(self, hook: Callable[[Settings], None]) -> None:
        """A check run when the app, a worker or a command starts (e.g. a model path exists)."""
        self.startup.append(hook)


def load(extra: str = "") -> Registry:
    registry = Registry()
    names = list(BUILTIN)
    names += [ep.value for ep in sorted(entry_points(group="ttcs.plugins"), key=lambda ep: ep.name)]
    names += [name.strip() for name in extra.split(",") if name.strip()]
    for name in dict.fromkeys(names):
        module_name, _, attr = name.partition(":")
        module = importlib.import_module(module_name)
        register = getattr(module, attr or "register")
        register(registry)
        registry.loaded.append(name)
    log.debug("plugins loaded: %s", registry.loaded)
    return registry
