"""What survives: a killed server, a restarted hub, a database that goes away, and the audit log's
refusal to be rewritten."""

import json
import os
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from hub.app import create_app
from hub.bootstrap import build_hub
from tests.support.server import ROOT, TTCS, Server, server_env, token
from tests.support.settings import DEMO_PASSWORD


@pytest.mark.slow
def test_a_killed_server_leaves_every_bulletin_in_a_state_its_audit_trail_explains(database_url, tmp_path):
    """Drafts are submitted and approved by several clients while the server is killed (SIGKILL).
    After a restart every acknowledged step is in the log, and each bulletin's state is the state
    its last audit row leads to: never between two steps."""
    server = Server(server_env(database_url, tmp_path), tmp_path / "server.log").start()
    editor, approver = token(server.url, "bientap.eakao"), token(server.url, "duyet.eakao")
    acknowledged: list[tuple[int, str]] = []
    stop = threading.Event()

    def author() -> None:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            while not stop.is_set():
                try:
                    body = {
                        "title": "Tin thử",
                        "body": "Nội dung",
                        "category": "local_affairs",
                        "target_codes": ["24169"],
                    }
                    created = http.post("/api/v1/bulletins", json=body, headers=editor)
                    if created.status_code != 201:
                        continue
                    bid = created.json()["id"]
                    acknowledged.append((bid, "draft"))
                    for step, state in (("submit", "submitted"), ("approve", "published")):
                        who = approver if step == "approve" else editor
                        if http.post(f"/api/v1/bulletins/{bid}/{step}", headers=who).status_code != 200:
                            break
                        acknowledged.append((bid, state))
                except httpx.HTTPError:
                    return

    threads = [threading.Thread(target=author) for _ in range(4)]
    for t in threads:
        t.start()
    while len(acknowledged) < 60:
        threading.Event().wait(0.05)
    server.kill()
    stop.set()
    for t in threads:
        t.join(15)

    restarted = Server(server_env(database_url, tmp_path), tmp_path / "server2.log").start()
    try:
        viewer = token(restarted.url, "duyet.eakao")
        with httpx.Client(base_url=restarted.url, headers=viewer, timeout=30) as http:
            for bid in sorted({bid for bid, _ in acknowledged}):
                bulletin = http.get(f"/api/v1/bulletins/{bid}").json()
                events = http.get(f"/api/v1/bulletins/{bid}/history").json()["events"]
                assert bulletin["status"] == events[-1]["to_state"], (bid, bulletin["status"], events[-1])
                reached = {e["to_state"] for e in events}
                for acked_bid, state in acknowledged:
                    if acked_bid == bid:
                        assert state in reached, f"bulletin {bid}: acknowledged {state} is lost"
    finally:
        restarted.stop()


@pytest.mark.postgres_only
@pytest.mark.slow
def test_two_hub_processes_and_two_workers_lose_and_repeat_nothing_when_one_hub_is_killed(database_url, tmp_path):
    """Production's shape: two `ttcs serve` and two `ttcs worker` on one PostgreSQL. Clients write a
    bulletin through one process and approve it through the other; one hub process is killed
    (SIGKILL) mid-way. Every acknowledged step survives, and the job each publication queued
    (tests.support.jobs_plugin's `test.record`) runs exactly once, whichever worker took it."""
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE test_job_run (job_id INTEGER NOT NULL, worker VARCHAR(64) NOT NULL)"))
    log = tmp_path / "executions.log"
    env = {
        **server_env(database_url, tmp_path),
        "TTCS_PLUGINS": "tests.support.jobs_plugin",
        "TTCS_TEST_JOB_LOG": str(log),
        "TTCS_WORKER_POLL_SECONDS": "0.1",
    }
    workers = [Worker(env, tmp_path / "workers.log") for _ in range(2)]  # they start while the hubs do
    hubs = [Server(env, tmp_path / f"hub{i}.log", "--no-migrate") for i in range(2)]
    with ThreadPoolExecutor(2) as pool:
        errors = [f.exception() for f in [pool.submit(s.start) for s in hubs]]
    try:
        assert errors == [None, None], errors
        editor, approver = token(hubs[0].url, "bientap.eakao"), token(hubs[1].url, "duyet.eakao")
        acknowledged: list[tuple[int, str]] = []
        stop = threading.Event()

        def author(mine: Server, other: Server) -> None:
            with httpx.Client(timeout=10) as http:
                while not stop.is_set():
                    try:
                        body = {"title": "Tin thử", "body": "Nội dung", "category": "local_affairs"}
                        created = http.post(
                            f"{mine.url}/api/v1/bulletins", json={**body, "target_codes": ["24169"]}, headers=editor
                        )
                        if created.status_code != 201:
                            continue
                        bid = created.json()["id"]
                        acknowledged.append((bid, "draft"))
                        for server, step, state, who in (
                            (mine, "submit", "submitted", editor),
                            (other, "approve", "published", approver),
                        ):
                            if http.post(f"{server.url}/api/v1/bulletins/{bid}/{step}", headers=who).status_code != 200:
                                break
                            acknowledged.append((bid, state))
                    except httpx.HTTPError:
                        return

        threads = [threading.Thread(target=author, args=(hubs[i % 2], hubs[1 - i % 2])) for i in range(4)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while len(acknowledged) < 30 and time.monotonic() < deadline:
            time.sleep(0.05)
        hubs[0].kill()
        stop.set()
        for t in threads:
            t.join(15)
        published = {bid for bid, state in acknowledged if state == "published"}
        assert published, "nothing was published before the kill"

        survivor = hubs[1]
        with httpx.Client(base_url=survivor.url, headers=token(survivor.url, "duyet.eakao"), timeout=30) as http:
            for bid in sorted({bid for bid, _ in acknowledged}):
                bulletin = http.get(f"/api/v1/bulletins/{bid}").json()
                events = http.get(f"/api/v1/bulletins/{bid}/history").json()["events"]
                assert bulletin["status"] == events[-1]["to_state"], (bid, bulletin["status"], events[-1])
                reached = {e["to_state"] for e in events}
                lost = [state for acked, state in acknowledged if acked == bid and state not in reached]
                assert not lost, f"bulletin {bid}: acknowledged {lost} is lost"

        query = text("SELECT id, payload, status FROM job WHERE kind = 'test.record'")
        while True:  # the workers finish every publication's job (a cap, not a pause)
            with engine.connect() as conn:
                jobs = conn.execute(query).all()
            if all(job.status == "done" for job in jobs) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
    finally:
        for process in [*workers, *hubs]:
            process.stop()
        engine.dispose()
    assert all(job.status == "done" for job in jobs), [job for job in jobs if job.status != "done"]
    queued_for = {json_payload(job.payload)["bulletin_id"] for job in jobs}
    assert published <= queued_for, f"published without its job: {sorted(published - queued_for)}"
    executions = [line.split() for line in log.read_text().splitlines()]
    ran = [int(job_id) for job_id, _ in executions]
    assert sorted(ran) == sorted(job.id for job in jobs), "every job ran, and only once"


def json_payload(payload: object) -> dict:
    return json.loads(payload) if isinstance(payload, str) else dict(payload)  # type: ignore[arg-type]


class Worker:
    """`ttcs worker` as a process, stopped with SIGTERM (it finishes the job in hand)."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        full = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                [TTCS, "worker", "--threads", "2"], env={**full, **env}, stdout=out, stderr=out, cwd=ROOT
            )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def test_everything_is_still_there_after_a_restart(make_settings):
    settings = make_settings()
    from fastapi.testclient import TestClient

    with TestClient(create_app(settings, hub=build_hub(settings))) as first:
        headers = {
            "Authorization": "Bearer "
            + first.post("/api/v1/auth/token", data={"username": "bientap.eakao", "password": DEMO_PASSWORD}).json()[
                "access_token"
            ]
        }
        body = {
            "title": "Còn sau khi khởi động lại",
            "body": "Nội dung",
            "category": "society",
            "target_codes": ["24169"],
        }
        bid = first.post("/api/v1/bulletins", json=body, headers=headers).json()["id"]
    with TestClient(create_app(settings, hub=build_hub(settings))) as second:
        assert second.get(f"/api/v1/bulletins/{bid}", headers=headers).json()["title"] == "Còn sau khi khởi động lại"


def test_the_audit_log_cannot_be_rewritten(hub):
    with hub.database.engine.connect() as conn:
        for statement in ("UPDATE audit_event SET actor_name = 'ai đó'", "DELETE FROM audit_event"):
            with pytest.raises(DBAPIError, match="append-only"):
                conn.execute(text(statement))
            conn.rollback()


@pytest.mark.postgres_only
def test_a_database_that_goes_away_gives_503_and_nothing_half_written(client, login, backend, pg_cluster, database_url):
    if pg_cluster is None:
        pytest.skip("needs the throwaway cluster to stop and start it")
    editor = login("bientap.eakao")
    body = {"title": "Trong lúc mất kết nối", "body": "Nội dung", "category": "society", "target_codes": ["24169"]}
    pg_cluster.stop()
    try:
        down = client.post("/api/v1/bulletins", json=body, headers=editor)
        assert down.status_code == 503
        assert "cơ sở dữ liệu" in down.json()["detail"]
        assert client.get("/healthz").status_code == 503
    finally:
        pg_cluster.start()
    back = client.post("/api/v1/bulletins", json=body, headers=editor)
    assert back.status_code == 201
    engine = create_engine(database_url)
    with engine.connect() as conn:
        titles = conn.execute(text("SELECT count(*) FROM bulletin WHERE title = 'Trong lúc mất kết nối'")).scalar_one()
    engine.dispose()
    assert titles == 1
