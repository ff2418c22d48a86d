"""Durable jobs: work that must happen after a commit, survive crashes and be retried.

A job is claimed under a lease; a worker that dies loses its lease and the job is claimed again.
The job's own effects and its "done" mark are committed in one transaction, so a job's database
work happens once even when two workers race. Effects outside the database (sending a message)
must be idempotent; handlers use the job id or a dedupe key for that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from hub.kit.ids import ASSIGNED_ON_FLUSH


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    DEAD = "dead"


STATUS_LABELS = {
    JobStatus.QUEUED: "Đang chờ",
    JobStatus.RUNNING: "Đang chạy",
    JobStatus.DONE: "Đã xong",
    JobStatus.DEAD: "Thất bại (cần xử lý)",
}

# Lower runs first: an emergency's audio is rendered before routine work.
URGENT, NORMAL, BACKGROUND = 0, 100, 200


@dataclass(eq=False)
class Job:
    kind: str
    payload: dict[str, Any]
    status: JobStatus
    run_after: datetime
    created_at: datetime
    updated_at: datetime
    priority: int = NORMAL
    attempts: int = 0
    max_attempts: int = 5
    dedupe_key: str | None = None
    locked_by: str | None = None
    locked_until: datetime | None = None
    last_error: str = ""
    finished_at: datetime | None = None
    id: int = ASSIGNED_ON_FLUSH
