"""The running hub as request handlers, jobs and commands see it, and what lives as long as it.

A `Hub` is built once per process by `hub.bootstrap.build_hub` and passed down (web requests find it
on `request.app.state.hub`, jobs on `ctx.hub`, commands in `hub.cli.common.hub()`). Everything that
must live as long as the process hangs on it instead of on module-level caches, so two hubs in one
process (tests, a second database) never share a client, a token or a configuration:

- the sender of each channel (`hub.sender("zalo")`), built once from the factory a plugin registered;
- services (`hub.service(KEY)`): any object a plugin declares with `registry.service(KEY, factory)`,
  built on first use, once per hub, and closed by `hub.close()` when it has a `close()` method.

The hub never imports the plugins: a plugin defines its own `ServiceKey` next to the object it
describes, e.g. ``CLIENT = ServiceKey[TelegramClient]("telegram.client")``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from hub.config import Settings
from hub.db.database import Database
from hub.plugins import Registry

if TYPE_CHECKING:
    from hub.messaging.senders import Sender

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class ServiceKey(Generic[T]):
    """Names one process-wide object and its type. Compared by identity: define each key once, in
    the module of the object it stands for."""

    name: str

    def __repr__(self) -> str:
        return f"ServiceKey({self.name!r})"


# Builds a service for one hub (it may ask the hub for other services).
ServiceFactory = Callable[["Hub"], T]


@dataclass
class Hub:
    settings: Settings
    database: Database
    registry: Registry
    signing_key: str
    _services: dict[ServiceKey[Any], Any] = field(default_factory=dict, init=False, repr=False)
    _senders: dict[str, Sender | None] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False)

    def service(self, key: ServiceKey[T]) -> T:
        """The hub's one instance of `key`, built by its registered factory on first use."""
        with self._lock:
            if key in self._services:
                return cast(T, self._services[key])
            factory = self.registry.services.get(key)
            if factory is None:
                raise LookupError(f"no plugin registered the service {key.name!r}")
            built = factory(self)
            self._services[key] = built
            return cast(T, built)

    def sender(self, channel: str) -> Sender | None:
        """The sender of `channel` (None when no plugin registered one, or it is not configured),
        built once per hub: its connections and tokens are reused by every message."""
        with self._lock:
            if channel not in self._senders:
                factory = self.registry.senders.get(channel)
                self._senders[channel] = factory(self) if factory is not None else None
            return self._senders[channel]

    def close(self) -> None:
        """Close the services built so far (newest first) and the database's connections. The hub
        stays usable: what is asked for afterwards is built again."""
        with self._lock:
            built = list(self._services.values())
            self._services.clear()
            self._senders.clear()
        for service in reversed(built):
            close = getattr(service, "close", None)
            if callable(close):
                try:
                    close()
                except Exception:  # one stuck client must not keep the others open
                    log.warning("closing %r failed", service, exc_info=True)
        self.database.dispose()
