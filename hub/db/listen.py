"""On PostgreSQL: hear at once what another hub process committed, through LISTEN/NOTIFY.

A transaction (or a handler after its commit) sends `NOTIFY <channel>, '<payload>'`; PostgreSQL
delivers it to every listener at commit and drops it on rollback. A `Listener` holds one dedicated
connection per process and channel (psycopg, autocommit) in a daemon thread and hands each payload
it hears to `on_message`. If the database goes away the thread reconnects with a doubling back-off;
after every (re)connection it calls `on_message(None)` once, so its owner catches up on whatever was
committed while nobody listened. Users: the device change feed (`hub.devices.change_feed`, channel
`ttcs_delivery`) and the principal cache (`hub.accounts.principals`, channel `ttcs_access`). SQLite
(one embedded process) needs none of this.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from sqlalchemy.engine import URL, make_url

log = logging.getLogger(__name__)


def conninfo(url: str | URL) -> str:
    """The libpq URI of a SQLAlchemy URL (`postgresql+psycopg://…` → `postgresql://…`)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Listener:
    def __init__(
        self,
        url: str | URL,
        channel: str,
        on_message: Callable[[str | None], None],
        *,
        name: str,
        first_backoff: float = 0.5,
        max_backoff: float = 30.0,
        tick: float = 0.25,
    ) -> None:
        self._conninfo = conninfo(url)
        self._channel = channel
        self._on_message = on_message
        self.name = name  # the connection's application_name (pg_stat_activity) and the thread's
        self._first_backoff = first_backoff
        self._max_backoff = max_backoff
        self._tick = tick  # how often the thread looks at the stop flag while nothing is said
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.connects = 0  # successful LISTENs so far (1 + the reconnections)
        self.listening = threading.Event()

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("%s: still connecting at shutdown", self.name)

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
                log.warning("%s: %s; again in %.1f s", self.name, str(exc).strip(), backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self._max_backoff)  # … then less and less often

    def _listen(self) -> None:
        with psycopg.connect(self._conninfo, autocommit=True, application_name=self.name, connect_timeout=5) as conn:
            conn.execute(f"LISTEN {self._channel}")
            self.connects += 1
            self.listening.set()
            self._on_message(None)  # what was committed while nobody listened
            while not self._stop.is_set():
                for note in conn.notifies(timeout=self._tick):
                    self._on_message(note.payload)
                    if self._stop.is_set():
                        break
        self.listening.clear()
