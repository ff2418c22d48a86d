"""API benchmark: list an area subtree's bulletins and create bulletins, on SQLite and PostgreSQL,
at 1 and 32 concurrent clients, against one `ttcs serve` process. Prints JSON.

    .venv/bin/python bench/api.py [--bulletins 10000] [--seconds 8] [--backends sqlite,postgresql]

The database holds the seeded province (102 communes) and N bulletins spread over the communes
(most published, some in every other state). The peer, measured in the same run on the same
database, is a minimal FastAPI app doing one indexed query per request (`bench/api_peer.py`,
one uvicorn process): the framework's limit for the list. The load average is printed with each
backend's figures. The client runs on the same machine (2 cores here),
so it competes with the server for CPU: the figures are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hub.accounts.service import ensure_admin  # noqa: E402
from hub.areas.model import AreaLevel  # noqa: E402
from hub.areas.seed import seed_province  # noqa: E402
from hub.areas.tables import area_table  # noqa: E402
from hub.bootstrap import build_hub  # noqa: E402
from hub.bulletins.tables import bulletin_revision_table, bulletin_table, bulletin_target_table  # noqa: E402
from hub.config import Settings  # noqa: E402
from hub.db.migrate import upgrade  # noqa: E402
from hub.demo.seed import seed_demo  # noqa: E402
from hub.kit.text import fold  # noqa: E402
from hub.kit.time import utcnow  # noqa: E402
from tests.support.postgres import free_port, throwaway_database  # noqa: E402
from tests.support.server import Server  # noqa: E402

PASSWORD = "ttcs-demo-2026"
STATES = ["published"] * 7 + ["expired", "draft", "submitted", "approved", "rejected", "withdrawn"]
CATEGORIES = ["policy_law", "local_affairs", "society", "security_order", "disaster_emergency", "products"]


def prepare(url: str, var_dir: Path, count: int) -> None:
    settings = Settings(database_url=url, var_dir=var_dir, secret_key="b" * 40, log_level="warning")
    hub = build_hub(settings)
    upgrade(hub.database.engine)
    with hub.database.uow() as uow:
        result = seed_province(uow, 66)
        ensure_admin(uow, result.province, "admin-password-1")
        seed_demo(uow, PASSWORD)
        uow.commit()
    with hub.database.engine.begin() as conn:
        communes = conn.execute(
            select(area_table.c.id, area_table.c.code, area_table.c.path).where(area_table.c.level == AreaLevel.COMMUNE)
        ).all()
        rng = random.Random(7)
        now = utcnow()
        for start in range(0, count, 1000):
            bulletins, targets, revisions = [], [], []
            ids = range(100_000 + start, 100_000 + min(count, start + 1000))
            for bid in ids:
                area = rng.choice(communes)
                created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 365))
                title = f"Thông báo số {bid} của {area.code} về lịch họp dân và tiêm chủng"
                body = "Nội dung thông báo gửi bà con trong xã, phường. " * 8
                status = rng.choice(STATES)
                common = {
                    "title": title,
                    "summary": "",
                    "body": body,
                    "category": rng.choice(CATEGORIES),
                    "priority": "normal",
                    "valid_from": created,
                    "valid_until": created + timedelta(days=30),
                }
                bulletins.append(
                    {
                        **common,
                        "id": bid,
                        "status": status,
                        "creating_area_id": area.id,
                        "author_id": None,
                        "revision": 1,
                        "approved_revision": None,
                        "status_reason": "",
                        "origin": "bench",
                        "created_at": created,
                        "updated_at": created,
                        "version_id": 1,
                        "search_text": fold(f"{title} {body}"),
                    }
                )
                targets.append({"bulletin_id": bid, "area_id": area.id, "area_code": area.code, "area_path": area.path})
                revisions.append(
                    {
                        **common,
                        "bulletin_id": bid,
                        "number": 1,
                        "target_codes": [area.code],
                        "variants": [],
                        "created_at": created,
                        "created_by_id": None,
                    }
                )
            conn.execute(insert(bulletin_table), bulletins)
            conn.execute(insert(bulletin_target_table), targets)
            conn.execute(insert(bulletin_revision_table), revisions)
    hub.database.dispose()


async def load(base: str, clients: int, seconds: float, make_request) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def one_client(http: httpx.AsyncClient, rng: random.Random) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            response = await make_request(http, rng)
            latencies.append(time.perf_counter() - started)
            if response.status_code >= 400:
                errors += 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        began = time.perf_counter()
        await asyncio.gather(*(one_client(http, random.Random(i)) for i in range(clients)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
    }


def token(base: str, username: str) -> dict[str, str]:
    response = httpx.post(f"{base}/api/v1/auth/token", data={"username": username, "password": PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def measure(base: str, peer: str, seconds: float, commune_codes: list[str]) -> dict[str, object]:
    viewer, editor = token(base, "xem.tinh"), token(base, "bientap.tinh")

    async def list_subtree(http: httpx.AsyncClient, rng: random.Random) -> httpx.Response:
        code = rng.choice(commune_codes)
        return await http.get("/api/v1/bulletins", params={"area": code, "limit": 50}, headers=viewer)

    async def create(http: httpx.AsyncClient, rng: random.Random) -> httpx.Response:
        body = {
            "title": "Tin đo tải",
            "body": "Nội dung " * 40,
            "category": "society",
            "target_codes": [rng.choice(commune_codes)],
        }
        return await http.post("/api/v1/bulletins", json=body, headers=editor)

    async def peer_list(http: httpx.AsyncClient, rng: random.Random) -> httpx.Response:
        return await http.get(f"{peer}/peer/bulletins", params={"area": rng.choice(commune_codes)})

    out: dict[str, object] = {}
    for clients in (1, 32):
        out[f"list_subtree_c{clients}"] = await load(base, clients, seconds, list_subtree)
        out[f"peer_list_c{clients}"] = await load(base, clients, seconds, peer_list)
        out[f"create_c{clients}"] = await load(base, clients, seconds, create)
    return out


def start_peer(url: str, work: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`bench/api_peer.py` in its own uvicorn process on the same database; (process, base URL)."""
    port = free_port()
    env = {**os.environ, "TTCS_PEER_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "uvicorn", "bench.api_peer:app", "--port", str(port), "--log-level", "warning"]
    with (work / "peer.log").open("ab") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=log, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/docs", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the peer did not start: {(work / 'peer.log').read_text()[-2000:]}")
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bulletins", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    results: dict[str, object] = {
        "bulletins": args.bulletins,
        "communes": 102,
        "server_processes": 1,
        "cpu_cores": os.cpu_count(),
    }
    for backend in args.backends.split(","):
        with throwaway_database(backend, "ttcs-bench") as (url, work):
            began = time.perf_counter()
            prepare(url, work, args.bulletins)
            env = {
                "TTCS_DATABASE_URL": url,
                "TTCS_VAR_DIR": str(work),
                "TTCS_SECRET_KEY": "b" * 40,
                "TTCS_EMBEDDED_WORKER": "false",
                "TTCS_LOG_LEVEL": "warning",
                "TTCS_LOGIN_MAX_FAILURES": "1000",
            }
            server = Server(env, work / "server.log", "--no-migrate").start()
            peer = start_peer(url, work)
            try:
                communes = [
                    a["code"]
                    for a in httpx.get(f"{server.url}/api/v1/areas", params={"level": "commune", "limit": 500}).json()
                ]
                load_before = os.getloadavg()[0]
                figures = asyncio.run(measure(server.url, peer[1], args.seconds, communes))
            finally:
                server.stop()
                peer[0].terminate()
                peer[0].wait(10)
            results[backend] = {
                "prepare_s": round(time.perf_counter() - began, 1),
                "load_average_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
                **figures,
            }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
