"""Tables of the job queue."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text, text

from hub.db.schema import EnumString, JSONDoc, UTCDateTime, mapper_registry, metadata
from hub.jobs.model import Job, JobStatus

job_table = Table(
    "job",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(64), nullable=False),
    Column("payload", JSONDoc, nullable=False),
    Column("status", EnumString(JobStatus, 16), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("run_after", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("max_attempts", Integer, nullable=False),
    Column("dedupe_key", String(200), nullable=True),
    Column("locked_by", String(100), nullable=True),
    Column("locked_until", UTCDateTime, nullable=True),
    Column("last_error", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Index("ix_job_claim", "status", "priority", "run_after"),
    Index("ix_job_kind_status", "kind", "status"),
    # At most one pending job per dedupe key; finished jobs do not block a new one.
    Index(
        "uq_job_pending_dedupe",
        "dedupe_key",
        unique=True,
        sqlite_where=text("status IN ('queued', 'running') AND dedupe_key IS NOT NULL"),
        postgresql_where=text("status IN ('queued', 'running') AND dedupe_key IS NOT NULL"),
    ),
)

# When each periodic task is next due; one row per task, advanced atomically by whichever worker
# gets there first, so a periodic task is enqueued once per period however many workers run.
job_schedule_table = Table(
    "job_schedule",
    metadata,
    Column("kind", String(64), primary_key=True),
    Column("next_run_at", UTCDateTime, nullable=False),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(Job, job_table)
