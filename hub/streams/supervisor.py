"""The relay supervisor: one ffmpeg per relay whose window is open (or about to open), pulling
the upstream station into the hub's Icecast mount, restarted when it dies.

It lives on the `Hub` of the worker process that runs the periodic job `streams.supervise`
(`hub.service(SUPERVISOR)`); each run reconciles the processes with the programme. A relay whose
puller fails `relay_fail_after` times in a row is marked down (`service.mark`): its windows leave
the devices' manifests, so they fall back to their schedule, and the device operators are told; it
keeps being retried and is marked up again once a puller runs. A watchdog stops the pullers when no
run reconciled them for a while (the job moved to another worker, or this one is stopping), so two
workers never feed one mount for long (Icecast refuses a second source on a mount anyway).
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from hub.context import Hub, ServiceKey
from hub.db.uow import UnitOfWork
from hub.jobs.worker import JobContext
from hub.kit.time import utcnow
from hub.streams import service
from hub.streams.model import RelaySource, RelayState
from hub.streams.settings import StreamSettings

log = logging.getLogger("ttcs.streams")
JOB = "streams.supervise"
RUNNING_IS_UP = 3.0  # seconds a puller must run before its relay counts as up
WATCHDOG_SECONDS = 30.0


def pull_command(upstream: str, target: str) -> list[str]:
    """ffmpeg reading the upstream (any format ffmpeg knows) and sending MP3 to an Icecast mount."""
    return [
        "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
        "-rw_timeout", "10000000", "-i", upstream, "-vn", "-ac", "1", "-ar", "44100",
        "-c:a", "libmp3lame", "-b:a", "64k", "-content_type", "audio/mpeg", "-f", "mp3", target,
    ]  # fmt: skip


@dataclass
class Puller:
    source_id: int
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    failures: int = 0
    next_try: float = 0.0
    log_path: Path | None = None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)

    def error(self) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        lines = self.log_path.read_text(errors="replace").strip().splitlines()
        return lines[-1] if lines else ""


class Supervisor:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.settings = hub.settings.of(StreamSettings)
        self.pullers: dict[int, Puller] = {}
        self.lock = threading.Lock()
        self.last_run = time.monotonic()
        self.closed = threading.Event()
        self.watchdog = threading.Thread(target=self._watch, name="relay-watchdog", daemon=True)
        self.watchdog.start()

    def _watch(self) -> None:
        while not self.closed.wait(5.0):
            if time.monotonic() - self.last_run > WATCHDOG_SECONDS:
                with self.lock:
                    for puller in self.pullers.values():
                        puller.stop()
                    self.pullers.clear()

    def close(self) -> None:
        self.closed.set()
        with self.lock:
            for puller in self.pullers.values():
                puller.stop()
            self.pullers.clear()

    def running(self) -> dict[int, int]:
        """source id → pid of the pullers running now."""
        return {sid: p.process.pid for sid, p in self.pullers.items() if p.process and p.alive()}

    def reconcile(self, uow: UnitOfWork) -> None:
        """Start, restart or stop pullers so they match the programme; mark relays up or down."""
        self.last_run = time.monotonic()
        if not self.settings.stream_source_url:
            return
        wanted = {
            s.id: s for s in service.wanted_sources(uow, utcnow(), timedelta(seconds=self.settings.relay_lead_seconds))
        }
        with self.lock:
            for source_id in [sid for sid in self.pullers if sid not in wanted]:
                self.pullers.pop(source_id).stop()
                service.mark(uow, source_id, RelayState.IDLE)
            for source in wanted.values():
                self._keep(uow, source)

    def _keep(self, uow: UnitOfWork, source: RelaySource) -> None:
        now = time.monotonic()
        puller = self.pullers.setdefault(source.id, Puller(source.id))
        if puller.alive():
            if now - puller.started >= RUNNING_IS_UP:
                puller.failures = 0
                if source.state != RelayState.UP:
                    service.mark(uow, source.id, RelayState.UP)
            return
        if puller.process is not None:  # it died: count it, and say so once it keeps failing
            code = puller.process.returncode
            puller.process = None
            puller.failures += 1
            error = puller.error() or f"ffmpeg exited with {code}"
            log.warning("relay %s (%s) stopped (%s), failure %d", source.id, source.name, error, puller.failures)
            puller.next_try = now + self.settings.relay_retry_seconds
            if puller.failures >= self.settings.relay_fail_after:
                service.mark(uow, source.id, RelayState.DOWN, error)
        if now < puller.next_try:
            return
        logs = self.hub.settings.var_dir / "relays"
        logs.mkdir(parents=True, exist_ok=True)
        puller.log_path = logs / f"{source.id}.log"
        target = self.settings.stream_source_url.rstrip("/") + source.mount
        with puller.log_path.open("wb") as out:
            puller.process = subprocess.Popen(
                pull_command(source.upstream_url, target), stdin=subprocess.DEVNULL, stdout=out, stderr=out
            )
        puller.started = now
        puller.next_try = now + self.settings.relay_retry_seconds
        log.info("relay %s (%s) pulling %s into %s", source.id, source.name, source.upstream_url, source.mount)


SUPERVISOR: ServiceKey[Supervisor] = ServiceKey("streams.supervisor")


def supervise(ctx: JobContext, payload: dict[str, Any]) -> None:
    ctx.hub.service(SUPERVISOR).reconcile(ctx.uow)
