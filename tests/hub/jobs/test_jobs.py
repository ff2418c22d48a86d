"""The durable job queue: outbox on commit, retries with backoff, dead letters, periodic tasks,
and two worker processes on PostgreSQL that never run a job twice."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from hub.bootstrap import build_hub
from hub.bulletins.events import BulletinPublished
from hub.bulletins.tables import bulletin_table
from hub.jobs.model import URGENT, JobStatus
from hub.jobs.worker import Worker
from hub.kit.time import utcnow
from tests.support.server import ROOT

PLUGIN = "tests.support.jobs_plugin"


@pytest.fixture
def job_hub(make_settings):
    hub = build_hub(make_settings(plugins=PLUGIN))
    with hub.database.engine.begin() as conn:
        conn.execute(text("CREATE TABLE test_job_run (job_id INTEGER NOT NULL, worker VARCHAR(64) NOT NULL)"))
    yield hub
    hub.close()


def runs(hub) -> list[int]:
    with hub.database.engine.connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT job_id FROM test_job_run ORDER BY job_id"))]


def test_events_become_jobs_only_when_the_change_commits(job_hub):
    with job_hub.database.uow() as uow:
        uow.emit(BulletinPublished(bulletin_id=1, revision=1, priority="normal", status="published"))
        uow.rollback()
    with job_hub.database.uow() as uow:
        uow.emit(BulletinPublished(bulletin_id=2, revision=1, priority="normal", status="published"))
        uow.commit()
    with job_hub.database.uow() as uow:
        jobs, total = uow.jobs.list(kind="test.record")
    assert total == 1 and jobs[0].payload["bulletin_id"] == 2


def test_a_failing_job_is_retried_with_backoff_then_dead_lettered_and_an_admin_retries_it(job_hub, client, login):
    with job_hub.database.uow() as uow:
        job_id = uow.jobs.enqueue("test.fail", {"why": "máy chủ Zalo không trả lời"}, now=utcnow(), max_attempts=3)
        uow.commit()
    worker = Worker(job_hub)
    delays = []
    for _ in range(3):
        time.sleep(0.1)
        assert worker.run_once()
        with job_hub.database.uow() as uow:
            job = uow.jobs.get(job_id)
            delays.append(job.run_after)
    assert job.status == JobStatus.DEAD and job.attempts == 3
    assert "máy chủ Zalo không trả lời" in job.last_error
    admin = login("admin", "admin-password-1")
    dead = client.get("/api/v1/jobs", params={"status": "dead"}, headers=admin).json()
    assert [j["id"] for j in dead["items"]] == [job_id]
    assert dead["items"][0]["status_label"] == "Thất bại (cần xử lý)"
    assert client.get("/api/v1/jobs", headers=login("duyet.tinh")).status_code == 403
    assert client.post(f"/api/v1/jobs/{job_id}/retry", headers=admin).json()["status"] == "queued"


def test_backoff_doubles(job_hub):
    with job_hub.database.uow() as uow:
        job_id = uow.jobs.enqueue("test.fail", {}, now=utcnow(), max_attempts=5)
        uow.commit()
    worker = Worker(job_hub)
    delays = []
    for _ in range(3):
        with job_hub.database.uow() as uow:
            due = uow.jobs.get(job_id).run_after
        time.sleep(max(0.0, (due - utcnow()).total_seconds()) + 0.01)
        assert worker.run_once()
        with job_hub.database.uow() as uow:
            job = uow.jobs.get(job_id)
            delays.append(round((job.run_after - job.updated_at).total_seconds(), 3))
    base = job_hub.settings.job_backoff_seconds
    assert delays == [base, base * 2, base * 4]


def test_a_periodic_task_is_enqueued_once_per_period_whatever_the_number_of_workers(job_hub):
    workers = [Worker(job_hub) for _ in range(3)]
    for w in workers:
        w.schedule_periodic()
    with job_hub.database.uow() as uow:
        _, total = uow.jobs.list(kind="bulletins.sweep")
    assert total == 1


def test_a_dedupe_key_keeps_one_pending_job(job_hub):
    with job_hub.database.uow() as uow:
        first = uow.jobs.enqueue("test.record", {}, now=utcnow(), dedupe_key="render:7")
        second = uow.jobs.enqueue("test.record", {}, now=utcnow(), dedupe_key="render:7")
        uow.commit()
    assert first is not None and second is None
    Worker(job_hub).drain()
    with job_hub.database.uow() as uow:
        assert uow.jobs.enqueue("test.record", {}, now=utcnow(), dedupe_key="render:7") is not None


@pytest.mark.postgres_only
@pytest.mark.slow
def test_two_worker_processes_never_run_a_job_twice(job_hub, database_url, tmp_path: Path):
    total = 400
    with job_hub.database.uow() as uow:
        for i in range(total):
            uow.jobs.enqueue("test.record", {"n": i, "sleep": 0.002}, now=utcnow())
        uow.commit()
    log = tmp_path / "executions.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "TTCS_DATABASE_URL": database_url,
        "TTCS_PLUGINS": PLUGIN,
        "TTCS_SECRET_KEY": "x" * 40,
        "TTCS_VAR_DIR": str(tmp_path),
        "TTCS_TEST_JOB_LOG": str(log),
        "TTCS_WORKER_POLL_SECONDS": "0.05",
        "TTCS_LOG_LEVEL": "warning",
    }
    ttcs = str(Path(sys.executable).parent / "ttcs")
    with open(tmp_path / "workers.log", "wb") as out:
        workers = [
            subprocess.Popen([ttcs, "worker", "--threads", "3"], env=env, stdout=out, stderr=out) for _ in range(2)
        ]
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with job_hub.database.uow(write=False) as uow:  # periodic tasks finish too: count ours
                _, done = uow.jobs.list(status=JobStatus.DONE.value, kind="test.record", limit=1)
            if done >= total:
                break
            time.sleep(0.2)
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            stopped(w)
    executions = [int(line.split()[0]) for line in log.read_text().splitlines()]
    pids = {line.split()[1] for line in log.read_text().splitlines()}
    assert len(executions) == total, "every job ran"
    assert len(set(executions)) == total, "no job ran twice"
    assert len(pids) == 2, "both processes took work"
    assert sorted(runs(job_hub)) == sorted(set(executions))


def worker_process(database_url: str, tmp_path: Path, log: Path, **env_extra: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TTCS_DATABASE_URL": database_url,
        "TTCS_PLUGINS": PLUGIN,
        "TTCS_SECRET_KEY": "x" * 40,
        "TTCS_VAR_DIR": str(tmp_path),
        "TTCS_TEST_JOB_LOG": str(log),
        "TTCS_WORKER_POLL_SECONDS": "0.05",
        "TTCS_LOG_LEVEL": "warning",
        **env_extra,
    }
    ttcs = str(Path(sys.executable).parent / "ttcs")
    with open(tmp_path / "workers.log", "ab") as out:
        return subprocess.Popen([ttcs, "worker"], env=env, stdout=out, stderr=out)


def stopped(worker: subprocess.Popen[bytes]) -> None:
    """A terminated worker finishes the job (or periodic task) it holds before it exits, which on a
    loaded machine took longer than 30 s once; past two minutes it is killed, so no test leaves it
    running beside the next one."""
    try:
        worker.wait(120)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(30)


def wait_for(condition, what: str, within: float = 60.0):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.05)
    raise AssertionError(f"not within {within:.0f} s: {what}")


def test_an_emergency_job_whose_worker_is_killed_is_taken_over_within_the_short_lease(
    job_hub, database_url, tmp_path: Path
):
    """The emergency's job is claimed by a worker process that is then killed (SIGKILL) mid-job;
    another worker runs it once the urgent lease (here 2 s; 30 s by default) has run out, not after
    the routine 5-minute lease."""
    with job_hub.database.uow() as uow:
        job_id = uow.jobs.enqueue("test.record", {"bulletin_id": 1}, now=utcnow(), priority=URGENT)
        uow.commit()
    log = tmp_path / "executions.log"
    doomed = worker_process(database_url, tmp_path, log, TTCS_JOB_URGENT_LEASE_SECONDS="2", TTCS_TEST_JOB_HOLD="600")
    try:
        wait_for(lambda: log.exists() and log.read_text().split()[:1] == [str(job_id)], "the worker took the job")
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(30)
    killed_at = time.monotonic()
    survivor = Worker(job_hub)

    def finished() -> bool:
        survivor.run_once()
        with job_hub.database.uow(write=False) as uow:
            return uow.jobs.get(job_id).status == JobStatus.DONE

    wait_for(finished, "another worker finished the emergency's job", within=120)
    print(f"emergency job retried and done {time.monotonic() - killed_at:.1f} s after SIGKILL")
    with job_hub.database.uow(write=False) as uow:
        assert uow.jobs.get(job_id).attempts == 2
    assert runs(job_hub) == [job_id], "its work was committed once"


@pytest.mark.postgres_only
def test_a_job_running_longer_than_its_lease_is_not_taken_from_a_live_worker(job_hub, database_url, tmp_path: Path):
    """The worker renews the lease while the job runs (a heartbeat), so a short urgent lease never
    makes a slow render run twice."""
    with job_hub.database.uow() as uow:
        job_id = uow.jobs.enqueue("test.record", {"bulletin_id": 1}, now=utcnow(), priority=URGENT)
        uow.commit()
    log = tmp_path / "executions.log"
    slow = worker_process(database_url, tmp_path, log, TTCS_JOB_URGENT_LEASE_SECONDS="1", TTCS_TEST_JOB_HOLD="4")
    other = Worker(job_hub)
    try:
        wait_for(lambda: log.exists() and log.read_text().strip(), "the slow worker took the job")

        def finished() -> bool:
            other.run_once()
            with job_hub.database.uow(write=False) as uow:
                return uow.jobs.get(job_id).status == JobStatus.DONE

        wait_for(finished, "the slow worker finished", within=120)
    finally:
        slow.terminate()
        stopped(slow)
    with job_hub.database.uow(write=False) as uow:
        assert uow.jobs.get(job_id).attempts == 1
    assert len(log.read_text().splitlines()) == 1, "nobody else started it"
    assert runs(job_hub) == [job_id]


def test_the_worker_publishes_an_approved_bulletin_when_its_start_comes(job_hub, client, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    start = utcnow() + timedelta(hours=1)
    body = {"title": "Họp tổ dân phố", "body": "Họp lúc 19h.", "category": "local_affairs", "target_codes": ["24169"]}
    bid = client.post("/api/v1/bulletins", json={**body, "valid_from": start.isoformat()}, headers=editor).json()["id"]
    client.post(f"/api/v1/bulletins/{bid}/submit", headers=editor)
    assert client.post(f"/api/v1/bulletins/{bid}/approve", headers=approver).json()["status"] == "approved"
    # The start comes: rather than wait (a start one second ahead had already passed by the approval
    # on a busy machine), the stored start moves an hour back, as the clock would have moved forward.
    with job_hub.database.engine.begin() as conn:
        conn.execute(
            bulletin_table.update().where(bulletin_table.c.id == bid).values(valid_from=start - timedelta(hours=2))
        )
    worker = Worker(job_hub)
    worker.schedule_periodic()
    worker.drain()
    assert client.get(f"/api/v1/bulletins/{bid}", headers=editor).json()["status"] == "published"
    history = client.get(f"/api/v1/bulletins/{bid}/history", headers=editor).json()["events"]
    assert (history[-1]["action"], history[-1]["actor_name"], history[-1]["channel"]) == (
        "bulletin.publish",
        "system",
        "system",
    )
