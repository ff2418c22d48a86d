"""On PostgreSQL: wake this process's change feed the moment any hub process commits a new delivery
version, instead of at the feed's next poll.

The transaction that bumps a scope also sends `NOTIFY ttcs_delivery, '<version>'`
(`hub.broadcasts.changes.bump`): PostgreSQL delivers it to every listener at commit and drops it on
rollback. Each process holds one dedicated connection (psycopg, autocommit, `LISTEN ttcs_delivery`)
in a daemon thread and hands each version it hears to `on_version`. If the database goes away the
thread reconnects with a doubling back-off; after every (re)connection it calls `on_version(0)` once,
so the feed catches up on whatever was committed while nobody listened. The feed's poll stays as the
fallback for the time the connection is down. SQLite (one embedded process) needs none of this.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from sqlalchemy.engine import URL, make_url

from hub.broadcasts.changes import CHANNEL

log = logging.getLogger(__name__)

APPLICATION_NAME = "ttcs-change-listen"


def conninfo(url: str | URL) -> str:
    """The libpq URI of a SQLAlchemy URL (`postgresql+psycopg://…` → `postgresql://…`)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Listener:
    def __init__(
        self,
        url: str | URL,
        on_version: Callable[[int], None],
        *,
        first_backoff: float = 0.5,
        max_backoff: float = 30.0,
        tick: float = 0.25,
    ) -> None:
        self._conninfo = conninfo(url)
        self._on_version = on_version
        self._first_backoff = first_backoff
        self._max_backoff = max_backoff
        self._tick = tick  # how often the thread looks at the stop flag while nothing is said
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.connects = 0  # successful LISTENs so far (1 + the reconnections)
        self.listening = threading.Event()

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="ttcs-change-listen", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("change listener: still connecting at shutdown")

    def _run(self) -> None:
        backoff = self._first_backoff
        while not self._stop.is_set():
            connects = self.connects
            try:
                self._listen()  # returns only when stopping
            except (psycopg.Error, OSError) as exc:
                self.listening.clear()
                if self._stop.is_set():
                    return
                if self.connects > connects:  # it listened, then lost the database: try again soon …
                    backoff = self._first_backoff
                log.warning("change listener: %s; again in %.1f s", str(exc).strip(), backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self._max_backoff)  # … then less and less often

    def _listen(self) -> None:
        with psycopg.connect(
            self._conninfo, autocommit=True, application_name=APPLICATION_NAME, connect_timeout=5
        ) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            self.connects += 1
            self.listening.set()
            self._on_version(0)  # what was committed while nobody listened
            while not self._stop.is_set():
                for note in conn.notifies(timeout=self._tick):
                    self._on_version(int(note.payload) if note.payload.isdigit() else 0)
                    if self._stop.is_set():
                        break
        self.listening.clear()
