"""SQL for the job queue: enqueue, claim under a lease, finish, fail with backoff, dead-letter."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub.db.rows import rowcount
from hub.jobs.model import NORMAL, URGENT, Job, JobStatus
from hub.jobs.tables import job_schedule_table, job_table

c = job_table.c


class JobRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def enqueue(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        now: datetime,
        run_after: datetime | None = None,
        priority: int = NORMAL,
        dedupe_key: str | None = None,
        max_attempts: int = 5,
        new_key: bool = False,
    ) -> int | None:
        """Insert a job in the caller's transaction; it becomes visible when that commits.

        With a dedupe key, a job already queued or running under that key wins and None is returned.
        `new_key`: the caller knows no job can hold the key yet (it names a row this transaction
        just inserted), so the job is inserted without looking for one first.
        """
        values = {
            "kind": kind,
            "payload": payload,
            "status": JobStatus.QUEUED.value,
            "priority": priority,
            "run_after": run_after or now,
            "attempts": 0,
            "max_attempts": max_attempts,
            "dedupe_key": dedupe_key,
            "last_error": "",
            "created_at": now,
            "updated_at": now,
        }
        if dedupe_key is None or new_key:
            return self._session.execute(insert(job_table).values(values).returning(c.id)).scalar_one()
        pending = select(c.id).where(
            c.dedupe_key == dedupe_key, c.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value])
        )
        if self._session.execute(pending).first() is not None:
            return None
        try:
            with self._session.begin_nested():
                return self._session.execute(insert(job_table).values(values).returning(c.id)).scalar_one()
        except IntegrityError:  # another transaction enqueued the same key meanwhile
            return None

    def claim(
        self,
        worker: str,
        now: datetime,
        lease: timedelta,
        kinds: Sequence[str] | None = None,
        *,
        urgent_lease: timedelta | None = None,
    ) -> Job | None:
        """Take the most urgent due job, or one whose lease ran out. Commit right after.

        An urgent job (an emergency's audio) gets the short `urgent_lease`: if its worker dies, it
        is taken over within seconds, not after the routine lease."""
        due = or_(
            and_(c.status == JobStatus.QUEUED.value, c.run_after <= now),
            and_(c.status == JobStatus.RUNNING.value, c.locked_until < now),
        )
        candidate = select(c.id, c.priority).where(due)
        if kinds is not None:
            candidate = candidate.where(c.kind.in_(list(kinds)))
        candidate = candidate.order_by(c.priority, c.run_after, c.id).limit(1).with_for_update(skip_locked=True)
        row = self._session.execute(candidate).first()
        if row is None:
            return None
        job_id, priority = row
        if urgent_lease is not None and priority <= URGENT:
            lease = urgent_lease
        self._session.execute(
            update(job_table)
            .where(c.id == job_id)
            .values(
                status=JobStatus.RUNNING.value,
                attempts=c.attempts + 1,
                locked_by=worker,
                locked_until=now + lease,
                updated_at=now,
            )
        )
        return self._session.get(Job, job_id, populate_existing=True)

    def extend_lease(self, job_id: int, worker: str, until: datetime) -> bool:
        """Push a running job's lease forward (the heartbeat of the worker running it); False when
        the job is no longer this worker's."""
        result = self._session.execute(
            update(job_table)
            .where(c.id == job_id, c.locked_by == worker, c.status == JobStatus.RUNNING.value)
            .values(locked_until=until)
        )
        return rowcount(result) == 1

    def mark_done(self, job_id: int, worker: str, now: datetime) -> bool:
        """Mark done if this worker still holds the lease; False means another worker took it over."""
        result = self._session.execute(
            update(job_table)
            .where(c.id == job_id, c.locked_by == worker, c.status == JobStatus.RUNNING.value)
            .values(status=JobStatus.DONE.value, finished_at=now, updated_at=now, locked_until=None)
        )
        return rowcount(result) == 1

    def finish_queued(self, now: datetime, *, job_id: int | None = None, dedupe_key: str | None = None) -> bool:
        """Mark a queued job (by id or dedupe key) done: the request that queued it did its work
        right after committing (a fast path), in the same transaction as that work. False when no
        such job is waiting (a worker has it, or it ran already)."""
        which = c.id == job_id if job_id is not None else c.dedupe_key == dedupe_key
        result = self._session.execute(
            update(job_table)
            .where(which, c.status == JobStatus.QUEUED.value)
            .values(status=JobStatus.DONE.value, finished_at=now, updated_at=now)
        )
        return rowcount(result) > 0

    def mark_failed(self, job_id: int, worker: str, error: str, now: datetime, backoff: timedelta) -> JobStatus | None:
        job = self._session.get(Job, job_id, populate_existing=True)
        if job is None or job.locked_by != worker or job.status != JobStatus.RUNNING:
            return None
        job.last_error = error[-4000:]
        job.updated_at = now
        job.locked_until = None
        if job.attempts >= job.max_attempts:
            job.status = JobStatus.DEAD
            job.finished_at = now
        else:
            job.status = JobStatus.QUEUED
            job.run_after = now + backoff * (2 ** (job.attempts - 1))
        return JobStatus(job.status)

    def retry(self, job_id: int, now: datetime) -> Job | None:
        """Put a dead job back in the queue (an admin's decision after fixing the cause)."""
        job = self._session.get(Job, job_id)
        if job is None:
            return None
        job.status = JobStatus.QUEUED
        job.attempts = 0
        job.run_after = now
        job.updated_at = now
        job.finished_at = None
        return job

    def get(self, job_id: int) -> Job | None:
        return self._session.get(Job, job_id)

    def list(
        self, *, status: str | None = None, kind: str | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[Sequence[Job], int]:
        query = select(Job)
        count = select(func.count()).select_from(job_table)
        for column, value in ((c.status, status), (c.kind, kind)):
            if value:
                query, count = query.where(column == value), count.where(column == value)
        rows = self._session.scalars(query.order_by(c.id.desc()).limit(limit).offset(offset)).all()
        return rows, self._session.execute(count).scalar_one()

    def counts(self) -> dict[str, int]:
        rows = self._session.execute(select(c.status, func.count()).group_by(c.status)).all()
        return {status: n for status, n in rows}

    def take_periodic_slot(self, kind: str, now: datetime, every: timedelta) -> bool:
        """Advance the schedule of a periodic task if it is due; True for the one caller that did."""
        row = self._session.execute(
            select(job_schedule_table.c.next_run_at).where(job_schedule_table.c.kind == kind)
        ).first()
        if row is None:
            try:
                with self._session.begin_nested():
                    self._session.execute(insert(job_schedule_table).values(kind=kind, next_run_at=now + every))
                return True
            except IntegrityError:
                return False
        result = self._session.execute(
            update(job_schedule_table)
            .where(job_schedule_table.c.kind == kind, job_schedule_table.c.next_run_at <= now)
            .values(next_run_at=now + every)
        )
        return rowcount(result) == 1
