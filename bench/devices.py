"""Device benchmark: N simulated devices on loopback against `ttcs serve` on PostgreSQL (one process,
or `--processes N` behind nginx). Prints JSON.

    .venv/bin/python bench/devices.py [--devices 10000] [--interval 30] [--seconds 60] [--emergency-devices 5000]
                                      [--processes 2] [--no-polls] [--no-listen] [--poll-seconds 1]

1. Manifest polls with ETag: every device polls every `--interval` seconds (If-None-Match, so
   almost every answer is 304); requests/s, p50 and p99 latency, measured after one interval of
   warm-up.
2. Emergency by long-poll: `--emergency-devices` devices hold `?wait=60`; a province-wide emergency
   is approved; time from the approval request to each device holding a manifest with it.
3. Emergency by MQTT: the same number of devices poll only every 5 minutes; the hub publishes
   notices on a real Mosquitto and each notified device fetches its manifest; same measure.

With `--processes 2` the hub runs as two `ttcs serve` processes on one database behind a real nginx
(the production file `deploy/nginx.conf`, its upstream naming both; tests/support/nginx.py): the
devices go through nginx, which spreads their requests over both processes, and the emergency is
approved directly through the first process, so half the long-polls wait on a process that learns
of it from PostgreSQL (LISTEN/NOTIFY, `hub.db.listen`). `--no-listen` turns that off
(`TTCS_DEVICE_CHANGE_LISTEN=false`: the other process learns at its next poll, the figure before
LISTEN/NOTIFY). Each emergency prints p50/p95/max, the share of devices within 1 s and 2 s, and the
slowest device; the output states the machine's load average before and after.

With `--heartbeats` it measures instead (issue 16, item 4): every device POSTs a heartbeat every
`--heartbeat-interval` seconds (spread evenly, over a pool of keep-alive connections) while the
same fleet polls its manifest every `--interval` seconds; heartbeats/s, p50/p99 of the heartbeats
and of the manifest polls, the load average; then the dashboard's device counts (the devices card
and the devices page of the province and of one commune, `hub.devices.service.browse`) timed
directly on the database with every device online.

The devices are spread over the province's 102 communes. The simulator (one process, asyncio, a
minimal HTTP client) runs on the same machine as the hub and PostgreSQL and competes with them for
the CPU: the figures are a floor. The hub's embedded job worker is off (audio rendering is not
measured here: an emergency's audio follows its manifest entry by the render time, see
bench/tts.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy import insert, select
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devices.protocol import HEARTBEAT_PATH, Heartbeat  # noqa: E402
from devices.simulator import Connection, Fleet, HttpError  # noqa: E402
from hub.accounts.service import ensure_admin  # noqa: E402
from hub.areas.model import AreaLevel  # noqa: E402
from hub.areas.seed import seed_province  # noqa: E402
from hub.areas.tables import area_table  # noqa: E402
from hub.bootstrap import build_hub  # noqa: E402
from hub.config import Settings  # noqa: E402
from hub.db.migrate import upgrade  # noqa: E402
from hub.demo.seed import seed_demo  # noqa: E402
from hub.devices.model import hash_token  # noqa: E402
from hub.devices.tables import device_table  # noqa: E402
from hub.kit.time import utcnow  # noqa: E402
from tests.support.nginx import start_nginx  # noqa: E402
from tests.support.postgres import free_port, start_cluster  # noqa: E402
from tests.support.server import Server  # noqa: E402

PASSWORD = "ttcs-demo-2026"


def prepare(url: str, var_dir: Path, count: int) -> list[str]:
    settings = Settings(database_url=url, var_dir=var_dir, secret_key="b" * 40, log_level="warning")
    hub = build_hub(settings)
    upgrade(hub.database.engine)
    with hub.database.uow() as uow:
        result = seed_province(uow, 66)
        ensure_admin(uow, result.province, "admin-password-1")
        seed_demo(uow, PASSWORD)
        uow.commit()
    tokens = [f"ttcsd_bench_{i:06d}_{random.getrandbits(64):016x}" for i in range(count)]
    with hub.database.engine.begin() as conn:
        communes = conn.execute(
            select(area_table.c.id, area_table.c.code, area_table.c.path).where(area_table.c.level == AreaLevel.COMMUNE)
        ).all()
        now = utcnow()
        rows = []
        for i, token in enumerate(tokens):
            area = communes[i % len(communes)]
            rows.append(
                {
                    "imei": f"BENCH-{i:06d}",
                    "name": f"Loa thử {i}",
                    "kind": "loudspeaker",
                    "area_id": area.id,
                    "area_code": area.code,
                    "area_path": area.path,
                    "group_name": "",
                    "vendor": "bench",
                    "location": "",
                    "volume": 70,
                    "token_hash": hash_token(token),
                    "state": "new",
                    "status": {},
                    "alarms": [],
                    "app_version": "",
                    "created_at": now,
                    "state_since": now,
                }
            )
        for start in range(0, len(rows), 2000):
            conn.execute(insert(device_table), rows[start : start + 2000])
    hub.database.dispose()
    return tokens


def start_mosquitto(work: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    conf = work / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 100000\n")
    with (work / "mosquitto.log").open("ab") as log:
        process = subprocess.Popen(["mosquitto", "-c", str(conf)], stdout=log, stderr=log)
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    return process, f"mqtt://127.0.0.1:{port}"


def percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50_s": None, "p95_s": None, "max_s": None}
    values = sorted(values)
    return {
        "p50_s": round(statistics.median(values), 3),
        "p95_s": round(values[max(0, int(len(values) * 0.95) - 1)], 3),
        "max_s": round(values[-1], 3),
    }


async def poll_phase(base: str, tokens: list[str], interval: float, seconds: float) -> dict[str, object]:
    fleet = Fleet(base, tokens, mode="poll", interval=interval, heartbeat=0)
    task = asyncio.create_task(fleet.run())
    await asyncio.sleep(interval + 10)  # every device has its first manifest; from now on mostly 304
    fleet.reset()
    began = time.perf_counter()
    await asyncio.sleep(seconds)
    summary = fleet.stats.summary(time.perf_counter() - began)
    fleet.stop()
    await task
    return {"devices": len(tokens), "interval_s": interval, "measured_s": seconds, **summary}


async def emergency_phase(
    base: str, tokens: list[str], mode: str, mqtt_url: str, approver: dict[str, str], approve_at: str
) -> dict[str, object]:
    marker = f"BENCH-{mode.upper()}-{random.getrandbits(32):08x}"
    fleet = Fleet(base, tokens, mode=mode, interval=300, wait=60, heartbeat=0, watch=marker, mqtt_url=mqtt_url)
    task = asyncio.create_task(fleet.run())
    deadline = time.monotonic() + 180
    while len(fleet.ready) < len(tokens) and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
    await asyncio.sleep(5 if mode == "longpoll" else 2)  # every device is waiting (long-poll) or idle (MQTT)
    body = {
        "title": f"Khẩn cấp {marker}",
        "body": "Bài đo thời gian tin khẩn cấp đến thiết bị.",
        "category": "disaster_emergency",
        "target_codes": ["66"],
    }
    approved_at = time.time()
    async with httpx.AsyncClient(base_url=approve_at, timeout=30) as http:
        response = await http.post("/api/v1/bulletins/emergency", json=body, headers=approver)
        response.raise_for_status()
    answered = time.time() - approved_at
    deadline = time.monotonic() + 30
    while len(fleet.stats.seen) < len(tokens) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    delays = [at - approved_at for at in fleet.stats.seen.values()]
    missing = [i for i in range(len(tokens)) if i not in fleet.stats.seen]
    slowest = (
        {"device": f"BENCH-{missing[0]:06d}", "delay_s": None}
        if missing
        else {"device": f"BENCH-{max(fleet.stats.seen, key=lambda i: fleet.stats.seen[i]):06d}", "delay_s": max(delays)}
    )
    fleet.stop()
    await task
    return {
        "devices": len(tokens),
        "ready_before": len(fleet.ready),
        "received": len(delays),
        "received_pct": round(100 * len(delays) / len(tokens), 2),
        "approve_request_s": round(answered, 3),
        **percentiles(delays),
        "within_1s_pct": round(100 * sum(d < 1 for d in delays) / len(tokens), 2),
        "within_2s_pct": round(100 * sum(d < 2 for d in delays) / len(tokens), 2),
        "within_3s_pct": round(100 * sum(d < 3 for d in delays) / len(tokens), 2),
        "slowest": slowest,
    }


def transactions(url: str) -> tuple[int, int]:
    """PostgreSQL's count of committed and rolled back transactions in the database so far."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        query = "SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()"
        commits, rollbacks = conn.execute(text(query)).one()
    engine.dispose()
    return int(commits), int(rollbacks)


async def heartbeat_phase(
    base: str, url: str, tokens: list[str], interval: float, every: float, seconds: float, connections: int
) -> dict[str, object]:
    """Manifest polls of the fleet and, beside them, each device's heartbeat every `every` seconds."""
    fleet = Fleet(base, tokens, mode="poll", interval=interval, heartbeat=0)
    polls = asyncio.create_task(fleet.run())
    parts = base.split("//", 1)[1].split(":")
    host, port = parts[0], int(parts[1])
    stop = asyncio.Event()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    queue: asyncio.Queue[int] = asyncio.Queue()

    async def schedule() -> None:
        spacing = every / len(tokens)
        began = time.monotonic()
        n = 0
        while not stop.is_set():  # device n % N beats at began + n * spacing: each one every `every` s
            delay = began + n * spacing - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            queue.put_nowait(n % len(tokens))
            n += 1

    async def sender() -> None:
        nonlocal errors
        conn = Connection(host, port)
        while not stop.is_set():
            index = await queue.get()
            beat = Heartbeat(device_id=f"BENCH-{index:06d}", sent_at=utcnow(), operating_state="idle")
            headers = {"Authorization": f"Bearer {tokens[index]}", "Content-Type": "application/json"}
            started = time.perf_counter()
            try:
                status, _, _ = await conn.request("POST", HEARTBEAT_PATH, headers, beat.model_dump_json().encode())
            except HttpError:
                errors += 1
                continue
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1

    workers = [asyncio.create_task(sender()) for _ in range(connections)] + [asyncio.create_task(schedule())]
    await asyncio.sleep(interval + 5)  # every device has its first manifest; from now on mostly 304
    fleet.reset()
    latencies.clear()
    statuses.clear()
    errors = 0
    load_before = os.getloadavg()
    xact_before = await asyncio.to_thread(transactions, url)
    began = time.perf_counter()
    await asyncio.sleep(seconds)
    elapsed = time.perf_counter() - began
    xact_after = await asyncio.to_thread(transactions, url)
    beats, summary = sorted(latencies), fleet.stats.summary(elapsed)
    backlog = queue.qsize()
    stop.set()
    fleet.stop()
    for worker in workers:
        worker.cancel()
    await asyncio.gather(polls, *workers, return_exceptions=True)
    return {
        "devices": len(tokens),
        "measured_s": seconds,
        "load_average_1m": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        # every transaction of the database meanwhile (heartbeats, reads, the change feed's polls)
        "database_commits": xact_after[0] - xact_before[0],
        "database_rollbacks": xact_after[1] - xact_before[1],
        "heartbeats": {
            "every_s": every,
            "connections": connections,
            "sent": len(beats),
            "per_second": round(len(beats) / elapsed, 1),
            "offered_per_second": round(len(tokens) / every, 1),
            "backlog_at_end": backlog,
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "errors": errors,
            "p50_ms": round(statistics.median(beats) * 1000, 2) if beats else None,
            "p99_ms": round(beats[max(0, int(len(beats) * 0.99) - 1)] * 1000, 2) if beats else None,
        },
        "manifest_polls": {"interval_s": interval, **summary},
    }


def dashboard_counts(url: str, work: Path, commune: str, runs: int = 20) -> dict[str, object]:
    """The queries behind the dashboard's devices card and the devices page, timed on the database."""
    from hub.accounts.service import principal_for_user
    from hub.devices import service

    hub = build_hub(Settings(database_url=url, var_dir=work, secret_key="b" * 40, log_level="warning"))
    out: dict[str, object] = {}
    try:
        with hub.database.uow(write=False) as uow:
            admin = principal_for_user(uow, "admin", "bench")
            cases = {
                "card_province": lambda: service.browse(uow, admin, area_code="66", activity="offline", limit=5),
                "card_commune": lambda: service.browse(uow, admin, area_code=commune, activity="offline", limit=5),
                "page_province": lambda: service.browse(uow, admin, limit=100),
            }
            for name, run in cases.items():
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    page = run()
                    times.append(time.perf_counter() - started)
                times.sort()
                out[name] = {
                    "devices_counted": sum(page.counts.values()),
                    "p50_ms": round(statistics.median(times) * 1000, 2),
                    "max_ms": round(times[-1] * 1000, 2),
                }
    finally:
        hub.database.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--devices", type=int, default=10_000)
    parser.add_argument("--interval", type=float, default=30.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--emergency-devices", type=int, default=5_000)
    parser.add_argument("--processes", type=int, default=1, help="`ttcs serve` processes (2+: behind nginx)")
    parser.add_argument("--no-polls", action="store_true", help="skip the manifest-poll phase")
    parser.add_argument("--no-listen", action="store_true", help="TTCS_DEVICE_CHANGE_LISTEN=false (the figure before)")
    parser.add_argument("--poll-seconds", type=float, default=1.0, help="TTCS_DEVICE_CHANGE_POLL_SECONDS of the hub")
    parser.add_argument("--heartbeats", action="store_true", help="measure heartbeats beside manifest polls")
    parser.add_argument("--heartbeat-interval", type=float, default=60.0)
    parser.add_argument("--heartbeat-connections", type=int, default=200)
    args = parser.parse_args()
    if args.heartbeats:
        args.emergency_devices = 0
    work = Path(tempfile.mkdtemp(prefix="ttcs-bench-devices-"))
    cluster = start_cluster()
    broker, mqtt_url = start_mosquitto(work)
    results: dict[str, object] = {
        "backend": "postgresql",
        "server_processes": args.processes,
        "behind_nginx": args.processes > 1,
        "listen_notify": not args.no_listen,
        "change_poll_s": args.poll_seconds,
        "cpu_cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "note": "simulator, hub, PostgreSQL and Mosquitto share the same machine",
    }
    try:
        began = time.perf_counter()
        url = cluster.url("postgres")
        tokens = prepare(url, work, max(args.devices, args.emergency_devices))
        results["prepare_s"] = round(time.perf_counter() - began, 1)
        env = {
            "TTCS_DATABASE_URL": url,
            "TTCS_VAR_DIR": str(work),
            "TTCS_SECRET_KEY": "b" * 40,
            "TTCS_EMBEDDED_WORKER": "false",
            "TTCS_LOG_LEVEL": "warning",
            "TTCS_MQTT_URL": mqtt_url,
            "TTCS_DATABASE_POOL_SIZE": "20",
        }
        env["TTCS_DEVICE_CHANGE_POLL_SECONDS"] = str(args.poll_seconds)
        if args.no_listen:
            env["TTCS_DEVICE_CHANGE_LISTEN"] = "false"
        servers = [Server(env, work / f"server{i}.log", "--no-migrate") for i in range(args.processes)]
        for server in servers:
            server.env["TTCS_PUBLIC_URL"] = server.url
        nginx = None
        try:
            with ThreadPoolExecutor(len(servers)) as pool:
                for started in [pool.submit(s.start) for s in servers]:
                    started.result()
            base = servers[0].url
            if len(servers) > 1:  # the upstream of deploy/nginx.conf names every process
                upstream = ";\n    server ".join(f"127.0.0.1:{s.port}" for s in servers)
                nginx = start_nginx(upstream, work)
                base = nginx.url
            login = httpx.post(
                f"{servers[0].url}/api/v1/auth/token", data={"username": "duyet.tinh", "password": PASSWORD}
            )
            approver = {"Authorization": f"Bearer {login.json()['access_token']}"}
            if args.heartbeats:
                results["heartbeats_and_polls"] = asyncio.run(
                    heartbeat_phase(
                        base,
                        url,
                        tokens[: args.devices],
                        args.interval,
                        args.heartbeat_interval,
                        args.seconds,
                        args.heartbeat_connections,
                    )
                )
                results["dashboard_counts"] = dashboard_counts(url, work, "24169")
                return
            if not args.no_polls:
                results["manifest_polls"] = asyncio.run(
                    poll_phase(base, tokens[: args.devices], args.interval, args.seconds)
                )
            subset = tokens[: args.emergency_devices]
            approve_at = servers[0].url  # the first process; the devices' requests spread over all
            results["emergency_longpoll"] = asyncio.run(
                emergency_phase(base, subset, "longpoll", "", approver, approve_at)
            )
            results["emergency_mqtt"] = asyncio.run(
                emergency_phase(base, subset, "mqtt", mqtt_url, approver, approve_at)
            )
        finally:
            if nginx is not None:
                nginx.stop()
            for server in servers:
                server.stop()
    finally:
        broker.terminate()
        broker.wait(10)
        cluster.destroy()
        results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
