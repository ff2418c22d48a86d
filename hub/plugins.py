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

from pydantic_settings import BaseSettings

from hub.config import Settings
from hub.kit.events import DomainEvent

if TYPE_CHECKING:
    import click
    from fastapi import APIRouter, FastAPI
    from starlette.types import ASGIApp

    from hub.context import Hub, ServiceFactory, ServiceKey
    from hub.db.uow import UnitOfWork
    from hub.jobs.worker import JobContext
    from hub.messaging.senders import Sender

log = logging.getLogger(__name__)

Middleware = Callable[["ASGIApp"], "ASGIApp"]  # a pure ASGI middleware class: `cls(app)`
JobHandler = Callable[["JobContext", dict[str, Any]], None]
E = TypeVar("E", bound=DomainEvent)
# Runs inside the transaction that emitted the event, before commit (it may write and emit more).
InTransaction = Callable[["UnitOfWork", Any], None]
# Runs in the committing process once the transaction is committed; it gets the hub.
AfterCommit = Callable[["Hub", Any], None]
# Builds the sender of one channel for a hub (once per hub); None when the channel is not configured.
SenderFactory = Callable[["Hub"], "Sender | None"]
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
    "hub.streams.plugin",
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
    listeners: dict[type[DomainEvent], list[str]] = field(default_factory=dict)  # event → job kinds
    in_transaction: dict[type[DomainEvent], list[InTransaction]] = field(default_factory=dict)
    after_commit: dict[type[DomainEvent], list[AfterCommit]] = field(default_factory=dict)
    startup: list[Callable[[Settings], None]] = field(default_factory=list)
    mappers: list[Callable[[], None]] = field(default_factory=list)
    body_limits: dict[str, int] = field(default_factory=dict)
    senders: dict[str, SenderFactory] = field(default_factory=dict)
    services: dict[ServiceKey[Any], ServiceFactory[Any]] = field(default_factory=dict)
    # Extension points other packages define (the web kit's pages, menu, cards: `hub.web.extensions.web_of`).
    extensions: dict[type, Any] = field(default_factory=dict)
    audit_actions: dict[str, str] = field(default_factory=dict)  # audit action → its Vietnamese label
    audit_entities: dict[str, str] = field(default_factory=dict)  # audited entity type → its Vietnamese label
    # audited entity type → {state it records (`to_state`) → its Vietnamese label}
    audit_states: dict[str, dict[str, str]] = field(default_factory=dict)
    lifespans: list[Lifespan] = field(default_factory=list)
    middlewares: list[Middleware] = field(default_factory=list)
    settings_classes: list[type[BaseSettings]] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)

    def settings(self, cls: type[BaseSettings]) -> None:
        """Declare a plugin's settings (a `BaseSettings` with `env_prefix="TTCS_"`): documented in
        `docs/configuration.md`, checked at start-up, read with `settings.of(cls)`. A variable belongs
        to one class only."""
        if cls in self.settings_classes:
            return  # two plugins may share a class (the speech settings: rendering and the hotline)
        known_classes: list[type[BaseSettings]] = [Settings, *self.settings_classes]
        taken = {name for known in known_classes for name in known.model_fields}
        clash = sorted(taken & set(cls.model_fields))
        if clash:
            raise ValueError(f"{cls.__qualname__} declares settings already declared: {', '.join(clash)}")
        self.settings_classes.append(cls)

    def tables(self, map_tables: Callable[[], None]) -> None:
        """A function that maps a domain's classes onto its tables (run once per process)."""
        self.mappers.append(map_tables)

    def router(self, router: APIRouter, prefix: str = "") -> None:
        self.routers.append((router, prefix))

    def command(self, command: click.Command) -> None:
        """A command of an operator's own plugin (``TTCS_PLUGINS``). The packages' own commands are
        entry points of group ``ttcs.commands``, so `ttcs --help` imports none of the plugins."""
        self.cli_commands.append(command)

    def job(self, kind: str, handler: JobHandler) -> None:
        """Handle jobs of `kind`. A handler must tolerate running again after a crash."""
        if kind in self.jobs:
            raise ValueError(f"job kind {kind!r} registered twice")
        self.jobs[kind] = handler

    def every(self, kind: str, interval: timedelta) -> None:
        """Run job `kind` once per `interval`, whatever the number of workers."""
        self.periodic.append(Periodic(kind, interval))

    def listen(self, event: type[DomainEvent], job_kind: str) -> None:
        """When an `event` (or a subclass) is committed, run job `job_kind` with the event's fields
        as payload: the job row is written in the same transaction, so it survives a crash."""
        self.listeners.setdefault(event, []).append(job_kind)

    def before_commit(self, event: type[E], handler: Callable[[UnitOfWork, E], None]) -> None:
        """Run `handler(uow, event)` in the emitting transaction, just before it commits: for writes
        that must commit with the change or not at all (the delivery version of the areas changed)."""
        self.in_transaction.setdefault(event, []).append(handler)

    def on_commit(self, event: type[E], handler: Callable[[Hub, E], None]) -> None:
        """Run `handler(hub, event)` in this process after the emitting transaction committed, in
        registration order (wake the waiting devices, send a notice). Nothing retries it: what must
        survive a crash is a job (`listen`)."""
        self.after_commit.setdefault(event, []).append(handler)

    def body_limit(self, path_prefix: str, max_bytes: int) -> None:
        """Accept larger request bodies under `path_prefix` (uploads)."""
        self.body_limits[path_prefix] = max_bytes

    def sender(self, channel: str, factory: SenderFactory) -> None:
        """Deliver outgoing messages to citizens of `channel` (zalo, telegram, sms …) with what
        `factory(hub)` builds, once per hub (`hub.sender(channel)`); see `hub.messaging.senders.Sender`."""
        if channel in self.senders:
            raise ValueError(f"sender for channel {channel!r} registered twice")
        self.senders[channel] = factory

    def service(self, key: ServiceKey[Any], factory: ServiceFactory[Any]) -> None:
        """Hang a process-wide object on every hub: `hub.service(key)` builds it with `factory(hub)`
        on first use, once per hub; `hub.close()` closes it (if it has `close()`)."""
        if key in self.services:
            raise ValueError(f"service {key.name!r} registered twice")
        self.services[key] = factory

    def lifespan(self, factory: Lifespan) -> None:
        """Run `factory(app, hub)` (an async context manager) for the life of each ASGI app."""
        self.lifespans.append(factory)

    def middleware(self, cls: Middleware) -> None:
        """A pure ASGI middleware class (`cls(app)`) around the app's routes, inside the shared layers
        (metrics, body limit …): a hot path that must not pay for routing (the manifest's 304)."""
        self.middlewares.append(cls)

    def audit_labels(
        self,
        actions: Mapping[str, str],
        entities: Mapping[str, str] | None = None,
        states: Mapping[str, Mapping[Any, str]] | None = None,
    ) -> None:
        """The Vietnamese labels of the audit actions a plugin records (and of the entity types they
        name, and of the states they record per entity type), shown in the audit log. Each plugin
        labels its own actions, so a new action is labelled where it is written."""
        for entity, labels in (states or {}).items():
            self.audit_states.setdefault(entity, {}).update({str(k): v for k, v in labels.items()})
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
        register_module(registry, name)
    log.debug("plugins loaded: %s", registry.loaded)
    return registry


def register_module(registry: Registry, name: str) -> None:
    """Import plugin `name` ("module" or "module:function") and let it register itself."""
    module_name, _, attr = name.partition(":")
    module = importlib.import_module(module_name)
    register = getattr(module, attr or "register")
    register(registry)
    registry.loaded.append(name)
