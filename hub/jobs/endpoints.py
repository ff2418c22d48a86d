"""The job queue as admins see it: what is waiting, what failed and why; retry after a fix."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from hub.http.deps import CurrentPrincipal, ReadUow, WriteUow
from hub.http.paging import Limit, Offset, Page
from hub.http.params import Id
from hub.jobs import service
from hub.jobs.model import STATUS_LABELS, Job, JobStatus

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


class JobOut(BaseModel):
    id: int
    kind: str
    status: JobStatus
    status_label: str
    attempts: int
    max_attempts: int
    run_after: datetime
    last_error: str
    payload: dict[str, Any]
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, job: Job) -> JobOut:
        return cls(
            id=job.id,
            kind=job.kind,
            status=JobStatus(job.status),
            status_label=STATUS_LABELS[JobStatus(job.status)],
            attempts=job.attempts,
            max_attempts=job.max_attempts,
            run_after=job.run_after,
            last_error=job.last_error,
            payload=job.payload,
            created_at=job.created_at,
            finished_at=job.finished_at,
        )


@router.get("", response_model=Page[JobOut], summary="Hàng đợi công việc (lọc `status=dead` để xem lỗi)")
def list_jobs(
    uow: ReadUow,
    principal: CurrentPrincipal,
    status: Annotated[JobStatus | None, Query()] = None,
    kind: Annotated[str | None, Query()] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[JobOut]:
    jobs, total = service.list_jobs(
        uow, principal, status=status.value if status else None, kind=kind, limit=limit, offset=offset
    )
    return Page(items=[JobOut.of(j) for j in jobs], total=total, limit=limit, offset=offset)


@router.post("/{job_id}/retry", response_model=JobOut, summary="Chạy lại một công việc đã thất bại")
def retry(job_id: Id, uow: WriteUow, principal: CurrentPrincipal) -> JobOut:
    return JobOut.of(service.retry(uow, principal, job_id))
