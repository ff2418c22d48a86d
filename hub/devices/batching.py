"""Group commit of what devices send (heartbeats, play logs): one transaction for many requests.

Ten thousand devices each sending a heartbeat a minute would otherwise cost a transaction (and a
commit's disk flush) each. A `Batcher` of this process takes what requests submit and writes it
with `store(uow, items)` (a few bulk statements for all of them, `hub.devices.telemetry`) in ONE unit
of work in a worker thread; each request awaits its own answer, given only after the commit, so
whatever a device is told was accepted is stored.

A group is what arrives within `window` seconds of its first item (`TTCS_DEVICE_WRITE_WINDOW_MS`,
50 ms: a heartbeat is answered up to that much later, nothing a device waits for) or `limit` items,
whichever comes first; items arriving while a group commits form the next one. Measured on
PostgreSQL (bench/devices.py --heartbeats): without a window, at 33 heartbeats/s each transaction
still held a single heartbeat, as one commits before the next arrives.

A refusal of one item (`HubError` in its place in `store`'s answer: a heartbeat for another device,
a revoked device) is that request's alone. If the transaction fails, every request of the group
gets 503 (the devices send again; play logs are idempotent, a heartbeat is repeated anyway) — never
a 500, never an answer for data that was not stored. A group that failed for another reason than
the database being unreachable is written again item by item, so one bad item cannot keep failing
the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from sqlalchemy.exc import InterfaceError, OperationalError

from hub.db.database import Database
from hub.db.uow import UnitOfWork
from hub.kit.errors import HubError, Unavailable

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

LIMIT = 500

Store = Callable[[UnitOfWork, Sequence[T]], Sequence[R | HubError]]


def _unavailable() -> Unavailable:
    return Unavailable("Máy chủ tạm thời chưa lưu được dữ liệu, thiết bị hãy gửi lại sau.", code="store_failed")


class Batcher(Generic[T, R]):
    def __init__(
        self, database: Database, store: Store[T, R], *, window: float = 0.0, limit: int = LIMIT, name: str = ""
    ) -> None:
        self._database = database
        self._window = window
        self._store = store
        self._limit = limit
        self._name = name or getattr(store, "__name__", "batch")
        self._pending: list[tuple[T, asyncio.Future[R | HubError]]] = []
        self._drainer: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._full = asyncio.Event()
        self.groups = 0  # transactions written (for tests and the bench)
        self.largest = 0

    async def submit(self, item: T) -> R:
        """Store `item` with whatever else arrives meanwhile; its answer once committed."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a new event loop (tests start one per client): start afresh
            self._loop, self._pending, self._drainer, self._full = loop, [], None, asyncio.Event()
        future: asyncio.Future[R | HubError] = loop.create_future()
        self._pending.append((item, future))
        if len(self._pending) >= self._limit:
            self._full.set()
        if self._drainer is None:
            self._drainer = loop.create_task(self._drain())
        # shielded: a device hanging up does not cancel the write it is part of
        answer = await asyncio.shield(future)
        if isinstance(answer, HubError):
            raise answer
        return answer

    async def _drain(self) -> None:
        try:
            while self._pending:
                if self._window and len(self._pending) < self._limit:  # let the group fill
                    self._full.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._full.wait(), self._window)
                group, self._pending = self._pending[: self._limit], self._pending[self._limit :]
                answers = await asyncio.to_thread(self._write_group, [item for item, _ in group])
                for (_, future), answer in zip(group, answers, strict=True):
                    if not future.done():
                        future.set_result(answer)
        finally:
            self._drainer = None

    def _write(self, items: Sequence[T]) -> list[R | HubError]:
        with self._database.uow() as uow:
            answers = list(self._store(uow, items))
            uow.commit()
        self.groups += 1
        self.largest = max(self.largest, len(items))
        return answers

    def _write_group(self, items: list[T]) -> list[R | HubError]:
        """In a worker thread: the group in one transaction; 503 for each if it cannot be written."""
        try:
            return self._write(items)
        except Exception as error:
            log.exception("devices: a group of %d %s could not be stored", len(items), self._name)
            if len(items) == 1 or isinstance(error, OperationalError | InterfaceError):
                return [_unavailable() for _ in items]
        answers: list[R | HubError] = []
        for item in items:  # isolate what failed the group
            try:
                answers.extend(self._write([item]))
            except Exception:
                log.exception("devices: one %s could not be stored", self._name)
                answers.append(_unavailable())
        return answers
