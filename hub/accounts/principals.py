"""The official behind a bearer token, remembered per token for a short time in this process.

Resolving a token costs a signature check and database reads (the user, the roles with their
areas, the ended sessions) on every request; an official's client sends many requests with the same
token, and what the token stands for rarely changes. So the resolved `Principal` is kept per token
(and channel) for `TTL` seconds, never past the token's expiry, and forgotten at once when this
process commits a change of the official's access (`AccessChanged`: sign-out, disabling, roles,
password), so a sign-out or a removed role takes effect on the next request here.

On PostgreSQL several processes serve one hub (`ttcs serve --workers 4`, the CLI): the process that
commits such a change also sends `NOTIFY ttcs_access, '<user id>'`, and every app process listens
(`hub.db.listen`, started for the app's life) and forgets that official too, so a copied cookie
stops working everywhere at once after a sign-out. While a process's listening connection is down
it forgets everything when it listens again; until then the TTL bounds what it may still accept.
Area paths in a principal's scopes never change (areas are added, not moved), so no area change
invalidates.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from hub.accounts import service as accounts
from hub.accounts.events import AccessChanged
from hub.accounts.model import Principal
from hub.context import Hub, ServiceKey
from hub.db.listen import Listener
from hub.db.uow import UnitOfWork
from hub.kit.time import utcnow

TTL = 30.0
CHANNEL = "ttcs_access"
LISTEN_NAME = "ttcs-access-listen"  # its LISTEN connection's application_name
MAX_ENTRIES = 20_000


@dataclass(frozen=True)
class _Entry:
    principal: Principal
    until: float  # time.monotonic()


class PrincipalCache:
    def __init__(self, hub: Hub, ttl: float = TTL, max_entries: int = MAX_ENTRIES) -> None:
        self._hub = hub
        self._ttl = ttl
        self._max = max_entries
        self._entries: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._epoch = 0  # bumped by each invalidation: a resolution that overlapped one is not kept

    def principal(self, token: str, channel: str) -> Principal:
        """The principal of `token` (401 `Unauthorized` as `accounts.principal_for_token` says)."""
        key = (token, channel)
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.until > now:
                return entry.principal
            epoch = self._epoch
        hub = self._hub
        with hub.database.uow(write=False) as uow:
            principal = accounts.principal_for_token(uow, hub.signing_key, token, channel=channel)
        expires = accounts.token_expiry(hub.signing_key, token)
        until = now + min(self._ttl, (expires - utcnow()).total_seconds())
        with self._lock:
            if epoch == self._epoch:
                self._entries[key] = _Entry(principal, until)
                self._entries.move_to_end(key)
                while len(self._entries) > self._max:
                    self._entries.popitem(last=False)
        return principal

    def forget_user(self, user_id: int) -> None:
        with self._lock:
            self._epoch += 1
            for key in [k for k, e in self._entries.items() if e.principal.user_id == user_id]:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._epoch += 1
            self._entries.clear()


PRINCIPALS = ServiceKey[PrincipalCache]("accounts.principals")


def principal(hub: Hub, token: str, channel: str) -> Principal:
    """The official behind `token` (see the module's docstring for how long it is remembered)."""
    return hub.service(PRINCIPALS).principal(token, channel)


def tell_other_processes(uow: UnitOfWork, event: AccessChanged) -> None:
    """In the changing transaction (PostgreSQL): the other processes hear of it at commit, and never of
    a change rolled back."""
    if uow.session.get_bind().dialect.name == "postgresql":
        uow.session.execute(select(func.pg_notify(CHANNEL, str(event.user_id))))


def access_changed(hub: Hub, event: AccessChanged) -> None:
    """After the commit: forget the official in this process."""
    hub.service(PRINCIPALS).forget_user(event.user_id)


def heard(cache: PrincipalCache, payload: str | None) -> None:
    """Another process changed an official's access (None: this process may have missed some)."""
    if payload and payload.isdigit():
        cache.forget_user(int(payload))
    else:
        cache.clear()


@asynccontextmanager
async def listening(app: Any, hub: Hub) -> AsyncIterator[None]:
    """For an app's life on PostgreSQL: hear the other processes' access changes."""
    if hub.database.dialect != "postgresql":
        yield
        return
    cache = hub.service(PRINCIPALS)
    listener = Listener(hub.database.engine.url, CHANNEL, lambda payload: heard(cache, payload), name=LISTEN_NAME)
    listener.start()
    try:
        yield
    finally:
        await asyncio.to_thread(listener.stop)
