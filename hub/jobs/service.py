"""Looking after the job queue: admins of the province see failures and retry them."""

from __future__ import annotations

from collections.abc import Sequence

from hub.accounts.access import require_province
from hub.accounts.model import Permission, Principal
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.jobs.model import Job, JobStatus
from hub.kit.errors import Conflict, NotFound
from hub.kit.time import utcnow


def _require_province_admin(principal: Principal) -> None:
    require_province(
        principal,
        Permission.MANAGE_USERS,
        "Chỉ quản trị cấp tỉnh mới xem và xử lý hàng đợi công việc.",
        code="province_admin_required",
    )


def list_jobs(
    uow: UnitOfWork, principal: Principal, *, status: str | None, kind: str | None, limit: int, offset: int
) -> tuple[Sequence[Job], int]:
    _require_province_admin(principal)
    return uow.jobs.list(status=status, kind=kind, limit=limit, offset=offset)


def retry(uow: UnitOfWork, principal: Principal, job_id: int) -> Job:
    _require_province_admin(principal)
    job = uow.jobs.get(job_id)
    if job is None:
        raise NotFound(f"Không tìm thấy công việc số {job_id}.", code="job_not_found")
    if job.status != JobStatus.DEAD:
        raise Conflict(
            "Chỉ chạy lại được công việc đã thất bại.", code="invalid_transition", current_status=str(job.status)
        )
    uow.jobs.retry(job_id, utcnow())
    record(uow, principal, "job.retry", "job", job_id, details={"kind": job.kind})
    return job
