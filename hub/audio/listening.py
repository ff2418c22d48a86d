"""Previews being made ("Nghe thử" on the compose and approval pages): a long text takes a while to
synthesise, so the page starts it and polls for its progress.

One `PreviewRuns` per hub (`hub.service(RUNS)`): each run synthesises in a thread of this process
and counts the text's pieces said so far. The result lands in the rendering cache, so a poll that
reaches another process (or comes after a restart) still finds a finished preview by its key; only
the progress of an unfinished one is this process's.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from hub.accounts.model import Principal
from hub.audio import service
from hub.context import Hub, ServiceKey
from hub.kit.errors import HubError

log = logging.getLogger(__name__)
KEEP = 200  # finished runs remembered (their error, for the page that polls)


@dataclass
class Run:
    key: str
    spoken: str
    warnings: list[str]
    done: int = 0
    total: int = 0
    error: str = ""
    finished: bool = False
    thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class PreviewRuns:
    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self._runs: dict[str, Run] = {}
        self._lock = threading.Lock()

    def start(self, principal: Principal, text: str, spoken: service.Spoken, lang: str = "vi") -> Run:
        """The run making `spoken.key`: the one already under way, or a new one."""
        with self._lock:
            run = self._runs.get(spoken.key)
            if run is not None and not run.error:
                return run
            run = Run(spoken.key, spoken.text, spoken.warnings)
            self._runs[spoken.key] = run
            while len(self._runs) > KEEP:
                oldest = next((k for k, r in self._runs.items() if r.finished), None)
                if oldest is None:
                    break
                del self._runs[oldest]
            run.thread = threading.Thread(
                target=self._work, args=(run, principal, text, lang), name="ttcs-preview", daemon=True
            )
        run.thread.start()
        return run

    def get(self, key: str) -> Run | None:
        with self._lock:
            return self._runs.get(key)

    def _work(self, run: Run, principal: Principal, text: str, lang: str) -> None:
        def progress(done: int, total: int) -> None:
            run.done, run.total = done, total

        hub = self._hub
        try:
            service.preview(hub.database, principal, hub.settings, text, lang, progress)
        except HubError as exc:
            run.error = exc.detail
        except Exception as exc:
            log.exception("preview %s failed", run.key[:12])
            run.error = f"Không tạo được âm thanh nghe thử ({type(exc).__name__})."
        finally:
            run.finished = True

    def close(self) -> None:
        """Wait (a little) for previews under way, so none writes to a closed database."""
        with self._lock:
            threads = [r.thread for r in self._runs.values() if r.thread is not None]
        for thread in threads:
            thread.join(timeout=30)


RUNS = ServiceKey[PreviewRuns]("hub.audio.preview_runs")
