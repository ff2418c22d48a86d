"""Job kinds for the job-queue tests, loaded with TTCS_PLUGINS=tests.support.jobs_plugin."""

from __future__ import annotations

import os
import time
from typing import Any

from sqlalchemy import text

from hub.bulletins.events import BulletinPublished
from hub.jobs.worker import JobContext
from hub.plugins import Registry


def record(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Write down every execution (outside the transaction) and every commit (inside it)."""
    log = os.environ.get("TTCS_TEST_JOB_LOG")
    if log:
        with open(log, "a") as f:
            f.write(f"{ctx.job.id} {os.getpid()}\n")
    # A worker process started with TTCS_TEST_JOB_HOLD works this long on each job before writing
    # anything (a slow render, or one whose worker is about to be killed).
    time.sleep(float(os.environ.get("TTCS_TEST_JOB_HOLD", "0")))
    ctx.uow.session.execute(
        text("INSERT INTO test_job_run (job_id, worker) VALUES (:job, :worker)"),
        {"job": ctx.job.id, "worker": f"{os.getpid()}"},
    )
    time.sleep(float(payload.get("sleep", 0)))


def fail(ctx: JobContext, payload: dict[str, Any]) -> None:
    raise RuntimeError(f"không gửi được: {payload.get('why', 'lỗi thử')}")


def register(registry: Registry) -> None:
    registry.job("test.record", record)
    registry.job("test.fail", fail)
    registry.listen(BulletinPublished, "test.record")
