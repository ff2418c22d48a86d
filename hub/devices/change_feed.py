"""The change feed of one hub process: the versions of every delivery scope, and the devices
waiting (long-poll) for a change.

It reads `delivery_change` rows newer than the last version it saw: at once when this process
committed a change (`committed`, called by the device runtime on `DeliveryChanged`), at once when
PostgreSQL notifies a version another process committed (`hub.db.listen`, when
`TTCS_DEVICE_CHANGE_LISTEN` is on), and every `TTCS_DEVICE_CHANGE_POLL_SECONDS` as the fallback.
Waiters are futures on the event loop keyed by area path and device scope; no waiting device holds a
thread or a database connection (the process's one listening connection aside).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from sqlalchemy import create_engine, select
from sqlalchemy.pool import NullPool

from hub.areas.model import ancestor_paths
from hub.broadcasts import changes
from hub.db.database import Database
from hub.db.listen import Listener

log = logging.getLogger(__name__)

LISTEN_NAME = "ttcs-change-listen"  # its LISTEN connection's application_name


def prefixes(path: str) -> list[str]:
    """ "/66/24169/24169-001/" → ["/66/", "/66/24169/", "/66/24169/24169-001/"]."""
    return ancestor_paths(path, inclusive=True)


class Feed:
    def __init__(self, database: Database, poll_seconds: float, *, listen: bool = True) -> None:
        # Its own connections, opened and closed per read: a read cut short by a database that goes
        # away (or by shutdown) leaves nothing half-open in the shared pool.
        args = {"check_same_thread": False} if database.dialect == "sqlite" else {}
        self._engine = create_engine(database.engine.url, poolclass=NullPool, connect_args=args)
        self._poll = poll_seconds
        self.listener = (
            Listener(database.engine.url, changes.CHANNEL, self._heard, name=LISTEN_NAME)
            if listen and database.dialect == "postgresql"
            else None
        )
        self._reading: asyncio.Future[list[tuple[str, int]]] | None = None
        self.exact: dict[str, int] = {}
        self.below: dict[str, int] = {}  # path → newest version of any scope at or under it
        self.last = 0
        self._waiters: dict[str, set[asyncio.Future[None]]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._commits = 0  # commits of this process that bumped a scope …
        self._read_commits = 0  # … and how many of them the feed has read

    # -- life ----------------------------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._apply(await asyncio.to_thread(self._fetch, 0))
        self._task = asyncio.create_task(self._run(), name="ttcs-device-feed")
        if self.listener is not None:
            self.listener.start()

    async def stop(self) -> None:
        self._stopping = True
        if self.listener is not None:
            await asyncio.to_thread(self.listener.stop)
        if self._task is not None:
            if self._wake is not None:
                self._wake.set()
            self._task.cancel()
            await asyncio.wait({self._task}, timeout=10)  # the flag ends it; never hang a shutdown
            if not self._task.done():
                log.warning("device change feed: still reading at shutdown")
        if self._reading is not None:  # let a read in its thread finish before the engine goes
            with contextlib.suppress(Exception):
                await self._reading
        self._engine.dispose()
        for futures in self._waiters.values():
            for future in futures:
                if not future.done():
                    future.set_result(None)

    @property
    def dirty(self) -> bool:
        """This process committed a change the feed has not read yet."""
        return self._commits != self._read_commits

    def committed(self) -> None:
        """This process committed a change (any thread): read it now rather than at the next poll."""
        self._commits += 1
        self._poke()

    def _heard(self, payload: str | None) -> None:
        """The listener's thread heard of a version (None: it may have missed some): read unless the
        feed has it already."""
        version = int(payload) if payload and payload.isdigit() else 0
        if version == 0 or version > self.last:
            self._poke()

    def _poke(self) -> None:
        loop, wake = self._loop, self._wake
        if loop is None or wake is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop is shutting down
            loop.call_soon_threadsafe(wake.set)

    async def _run(self) -> None:
        assert self._wake is not None
        # Not asyncio.wait_for: on Python 3.11 it swallows a cancel that arrives as the wake-up
        # completes (cpython#86296), and this loop then outlived stop() and hung the app's shutdown.
        # The flag ends the loop whatever happens to the cancel.
        while not self._stopping:
            woken = asyncio.ensure_future(self._wake.wait())
            try:
                await asyncio.wait({woken}, timeout=self._poll)
            finally:
                woken.cancel()
            if self._stopping:
                return
            self._wake.clear()
            try:
                await self.refresh()
            except Exception as exc:  # the database may be away for a while: devices keep their schedule
                log.warning("device change feed: %s", exc)
                await asyncio.sleep(self._poll)

    async def refresh(self) -> None:
        """Catch up now (a request that must see a commit of this process)."""
        commits = self._commits
        self._reading = asyncio.ensure_future(asyncio.to_thread(self._fetch, self.last))
        rows = await asyncio.shield(self._reading)
        self._notify(self._apply(rows))
        self._read_commits = max(self._read_commits, commits)

    # -- versions ------------------------------------------------------------------------------

    def _fetch(self, since: int) -> list[tuple[str, int]]:
        table = changes.change_table
        query = select(table.c.scope, table.c.version).where(table.c.version > since).order_by(table.c.version)
        with self._engine.connect() as conn:
            return [(scope, int(version)) for scope, version in conn.execute(query)]

    def _apply(self, rows: list[tuple[str, int]]) -> list[str]:
        changed = []
        for scope, version in rows:
            if version <= self.exact.get(scope, 0):
                continue
            self.exact[scope] = version
            self.last = max(self.last, version)
            if scope.startswith("/"):
                for prefix in prefixes(scope):
                    if self.below.get(prefix, 0) < version:
                        self.below[prefix] = version
            changed.append(scope)
        return changed

    def area_version(self, path: str) -> int:
        """Newest change that reaches devices of `path`: at it, above it, or inside it."""
        return max([self.exact.get(p, 0) for p in prefixes(path)] + [self.below.get(path, 0)])

    def device_version(self, imei: str) -> int:
        return self.exact.get(changes.device_scope(imei), 0)

    # -- waiting -------------------------------------------------------------------------------

    def _notify(self, scopes: list[str]) -> None:
        for scope in scopes:
            if scope.startswith("/"):
                keys = [k for k in self._waiters if k.startswith("/") and (k.startswith(scope) or scope.startswith(k))]
            else:
                keys = [scope] if scope in self._waiters else []
            for key in keys:
                for future in self._waiters.get(key, ()):
                    if not future.done():
                        future.set_result(None)

    async def wait(self, keys: list[str], unchanged: Callable[[], bool], timeout: float) -> None:
        """Return when a scope of `keys` changes, or after `timeout` seconds."""
        assert self._loop is not None
        future: asyncio.Future[None] = self._loop.create_future()
        for key in keys:
            self._waiters.setdefault(key, set()).add(future)
        try:
            if unchanged():  # a change between the caller's check and our registration is not lost
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(future, timeout)
        finally:
            for key in keys:
                waiting = self._waiters.get(key)
                if waiting is not None:
                    waiting.discard(future)
                    if not waiting:
                        del self._waiters[key]

    @property
    def waiting(self) -> int:
        return len({id(f) for futures in self._waiters.values() for f in futures})
