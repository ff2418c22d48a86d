"""The job worker: in a thread of `ttcs serve` (embedded default) or as `ttcs worker` processes.

Each job runs in its own unit of work; its effects and its "done" mark commit together. A failure
rolls the effects back and schedules a retry with exponential backoff; after the last attempt the
job is dead-lettered and shown to admins (`GET /api/v1/jobs?status=dead`).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from hub.config import Settings
from hub.context import Hub
from hub.db.database import Database
from hub.db.uow import UnitOfWork
from hub.jobs.model import URGENT, Job
from hub.kit.time import utcnow
from hub.plugins import Registry

log = logging.getLogger(__name__)


class LeaseLost(Exception):
    """Another worker took the job over after our lease ran out; our work is rolled back."""


@dataclass
class JobContext:
    """What a handler gets besides its payload: its unit of work (already open), and the hub with
    its process-wide services (`ctx.hub.sender(...)`, `ctx.hub.service(...)`)."""

    uow: UnitOfWork
    job: Job
    hub: Hub

    @property
    def settings(self) -> Settings:
        return self.hub.settings

    @property
    def database(self) -> Database:
        return self.hub.database

    @property
    def registry(self) -> Registry:
        return self.hub.registry


class Worker:
    def __init__(self, hub: Hub, name: str | None = None) -> None:
        self.hub = hub
        self.database = hub.database
        self.registry = hub.registry
        self.settings = settings = hub.settings
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident() % 100000}"
        self.lease = timedelta(seconds=settings.job_lease_seconds)
        self.urgent_lease = timedelta(seconds=settings.job_urgent_lease_seconds)
        self.backoff = timedelta(seconds=settings.job_backoff_seconds)
        self._stop = threading.Event()

    # -- the loop ------------------------------------------------------------------------------

    def run(self) -> None:
        log.info("worker %s started (%d job kinds)", self.name, len(self.registry.jobs))
        while not self._stop.is_set():
            try:
                self.schedule_periodic()
                did_work = self.run_once()
            except Exception:  # the database may be down: wait and try again, never die
                log.exception("worker %s: loop error", self.name)
                did_work = False
            if not did_work:
                self._stop.wait(self.settings.worker_poll_seconds)
        log.info("worker %s stopped", self.name)

    def stop(self) -> None:
        self._stop.set()

    def start_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name=f"ttcs-worker-{self.name}", daemon=True)
        thread.start()
        return thread

    def drain(self, max_jobs: int = 1000) -> int:
        """Run due jobs until none is left (tests and one-shot commands)."""
        done = 0
        while done < max_jobs and self.run_once():
            done += 1
        return done

    # -- one job -------------------------------------------------------------------------------

    def schedule_periodic(self) -> None:
        if not self.registry.periodic:
            return
        with self.database.uow() as uow:
            now = utcnow()
            for task in self.registry.periodic:
                if uow.jobs.take_periodic_slot(task.kind, now, task.every):
                    uow.jobs.enqueue(task.kind, {}, now=now, dedupe_key=f"periodic:{task.kind}", max_attempts=1)
            uow.commit()

    def run_once(self) -> bool:
        job = self._claim()
        if job is None:
            return False
        handler = self.registry.jobs.get(job.kind)
        try:
            if handler is None:
                raise LookupError(f"no handler registered for job kind {job.kind!r}")
            with self.database.uow() as uow, self._heartbeat(job):
                handler(JobContext(uow, job, self.hub), dict(job.payload))
                if not uow.jobs.mark_done(job.id, self.name, utcnow()):
                    raise LeaseLost(f"job {job.id} was taken over by another worker")
                uow.commit()
            log.debug("job %s %s done", job.id, job.kind)
        except LeaseLost:
            log.warning("job %s (%s): lease lost, work rolled back", job.id, job.kind)
        except Exception as exc:
            self._fail(job, exc)
        return True

    def _claim(self) -> Job | None:
        with self.database.uow() as uow:
            kinds = list(self.registry.jobs)
            job = uow.jobs.claim(self.name, utcnow(), self.lease, kinds, urgent_lease=self.urgent_lease)
            uow.commit()
            return job

    def _lease_of(self, job: Job) -> timedelta:
        return self.urgent_lease if job.priority <= URGENT else self.lease

    @contextmanager
    def _heartbeat(self, job: Job) -> Iterator[None]:
        """Keep extending the job's lease while its handler runs, every third of the lease.

        With a heartbeat the lease can be short (an emergency's audio is taken over by another
        worker within `job_urgent_lease_seconds` when its worker is killed) and still a slow job is
        never stolen from a live worker. Not on SQLite: there the running job holds the database's
        only write lock, so no other worker can claim it anyway and the beat would only queue up
        behind that lock.
        """
        if self.database.engine.dialect.name == "sqlite":
            yield
            return
        lease = self._lease_of(job)
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(lease.total_seconds() / 3):
                try:
                    with self.database.uow() as uow:
                        mine = uow.jobs.extend_lease(job.id, self.name, utcnow() + lease)
                        uow.commit()
                except Exception:  # the database may be down a moment; the next beat tries again
                    log.warning("job %s: heartbeat failed", job.id, exc_info=True)
                    continue
                if not mine:
                    return

        thread = threading.Thread(target=beat, name=f"ttcs-heartbeat-{job.id}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(timeout=5)

    def _fail(self, job: Job, exc: Exception) -> None:
        error = "".join(traceback.format_exception_only(exc)).strip()
        with self.database.uow() as uow:
            status = uow.jobs.mark_failed(job.id, self.name, error, utcnow(), self.backoff)
            uow.commit()
        log.warning("job %s (%s) attempt %d failed → %s: %s", job.id, job.kind, job.attempts, status, error)


def enqueue(uow: UnitOfWork, kind: str, payload: dict[str, Any], **options: Any) -> int | None:
    """Enqueue a job in the caller's transaction (visible once it commits)."""
    return uow.jobs.enqueue(kind, payload, now=utcnow(), **options)
