"""Chat benchmark: an inbound message to the reply sent (NLU, dialogue, database, the outbound call to
the loopback channel server), on PostgreSQL, for the web and Zalo channels. Prints JSON.

    .venv/bin/python bench/chat.py [--seconds 10] [--users 16]

Each virtual citizen (one commune remembered beforehand) sends a message, waits for its reply, and
sends the next: for the web channel the reply is the response; for Zalo it is the OA API call the hub
makes to the loopback Zalo server, timed from the webhook request. A share of the Zalo deliveries is
sent twice (Zalo delivers at least once). At the end every message must have exactly one reply:
`lost` and `answered_twice` count the exceptions. `--workers` `ttcs serve` processes; the client
and the loopback server run on the same cores, so the figures are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.tables import inbound_table  # noqa: E402
from hub.areas.seed import seed_province  # noqa: E402
from hub.bootstrap import build_hub  # noqa: E402
from hub.config import Settings  # noqa: E402
from hub.db.migrate import upgrade  # noqa: E402
from hub.demo.seed import seed_demo  # noqa: E402
from hub.messaging.tables import message_table  # noqa: E402
from tests.support.postgres import start_cluster  # noqa: E402
from tests.support.server import Server  # noqa: E402
from tests.support.zalo_server import APP_ID, APP_SECRET, OA_SECRET, ZaloServer, signed, user_event  # noqa: E402

MESSAGES = ["cho hoi tin moi", "khi nao loa phat", "cam on ban", "co tin gi ve tiem chung khong", "xin chao"]
DUPLICATE_EVERY = 10


def prepare(url: str, var_dir: Path) -> None:
    settings = Settings(database_url=url, var_dir=var_dir, secret_key="b" * 40, log_level="warning")
    hub = build_hub(settings)
    upgrade(hub.database.engine)
    with hub.database.uow() as uow:
        seed_province(uow, 66)
        seed_demo(uow, "ttcs-demo-2026")
        uow.commit()
    hub.database.dispose()


def summary(latencies: list[float], elapsed: float) -> dict[str, float]:
    latencies = sorted(latencies)
    return {
        "messages": len(latencies),
        "messages_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000, 2),
    }


async def web(base: str, users: int, seconds: float) -> dict[str, object]:
    latencies: list[float] = []
    replies_per_message: list[int] = []
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:

        async def citizen(n: int, deadline: float, measure: bool) -> None:
            sender = f"bench-web-citizen-{n:06d}"
            if not measure:
                await http.post("/webhooks/rest/webhook", json={"sender": sender, "message": "ea kao"})
                return
            i = 0
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                body = {"sender": sender, "message": MESSAGES[i % len(MESSAGES)], "message_id": f"{n}-{i}"}
                response = await http.post("/webhooks/rest/webhook", json=body)
                latencies.append(time.perf_counter() - started)
                replies_per_message.append(len(response.json()) if response.status_code == 200 else 0)
                i += 1

        await asyncio.gather(*(citizen(n, 0, False) for n in range(users)))
        began = time.perf_counter()
        await asyncio.gather(*(citizen(n, began + seconds, True) for n in range(users)))
        elapsed = time.perf_counter() - began
    return {
        **summary(latencies, elapsed),
        "lost": sum(1 for n in replies_per_message if n == 0),
        "answered_twice": sum(1 for n in replies_per_message if n > 1),
    }


async def zalo(base: str, server: ZaloServer, users: int, seconds: float) -> dict[str, object]:
    arrived: dict[str, list[float]] = {}
    waiting: dict[str, asyncio.Event] = {}
    loop = asyncio.get_running_loop()
    lock = threading.Lock()

    def on_send(user: str, text: str) -> None:
        with lock:
            arrived.setdefault(user, []).append(time.perf_counter())
        event = waiting.get(user)
        if event is not None:
            loop.call_soon_threadsafe(event.set)

    server.on_send = on_send
    latencies: list[float] = []
    sent: dict[str, int] = {}
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:

        async def deliver(event: dict) -> None:
            body, headers = signed(event)
            response = await http.post("/webhooks/zalo", content=body, headers=headers)
            response.raise_for_status()

        async def citizen(n: int, deadline: float, measure: bool) -> None:
            user = f"88{n:08d}"
            waiting[user] = asyncio.Event()
            texts = MESSAGES if measure else ["ea kao"]
            i = 0
            while True:
                if measure and time.perf_counter() >= deadline:
                    return
                waiting[user].clear()
                event = user_event(user, text=texts[i % len(texts)], msg_id=f"bench-{n}-{i}-{measure}")
                started = time.perf_counter()
                await deliver(event)
                if measure and i % DUPLICATE_EVERY == 0:
                    await deliver(event)  # Zalo delivers at least once
                await asyncio.wait_for(waiting[user].wait(), 30)
                latencies.append(time.perf_counter() - started) if measure else None
                sent[user] = sent.get(user, 0) + (1 if measure else 0)
                i += 1
                if not measure:
                    return

        await asyncio.gather(*(citizen(n, 0, False) for n in range(users)))
        with lock:
            arrived.clear()
        began = time.perf_counter()
        await asyncio.gather(*(citizen(n, began + seconds, True) for n in range(users)))
        elapsed = time.perf_counter() - began
    await asyncio.sleep(2)  # late duplicates would arrive now
    with lock:
        got = {user: len(times) for user, times in arrived.items()}
    return {
        **summary(latencies, elapsed),
        "lost": sum(max(0, sent[u] - got.get(u, 0)) for u in sent),
        "answered_twice": sum(max(0, got.get(u, 0) - sent[u]) for u in sent),
    }


def stored(url: str, var_dir: Path) -> dict[str, object]:
    settings = Settings(database_url=url, var_dir=var_dir, secret_key="b" * 40, log_level="warning")
    hub = build_hub(settings)
    with hub.database.engine.connect() as conn:
        inbound = dict(
            conn.execute(select(inbound_table.c.status, func.count()).group_by(inbound_table.c.status)).all()
        )
        messages = dict(
            conn.execute(
                select(message_table.c.status, func.count())
                .where(message_table.c.channel == "zalo")
                .group_by(message_table.c.status)
            ).all()
        )
    hub.database.dispose()
    return {"inbound_by_status": inbound, "zalo_replies_by_status": messages}


def server_cpu_seconds(pid: int) -> float:
    """User and system CPU of the server and its worker processes so far, from /proc (Linux): a
    figure that depends less than messages per second on what else the machine is doing."""

    def tree(p: int) -> list[int]:
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            children = []
        return [p, *(q for c in children for q in tree(int(c)))]

    total = 0.0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def with_cpu(pid: int, run: Coroutine[Any, Any, dict[str, object]]) -> dict[str, object]:
    before = server_cpu_seconds(pid)
    figures = asyncio.run(run)
    spent = server_cpu_seconds(pid) - before
    figures["server_cpu_ms_per_message"] = round(spent / max(1, int(str(figures["messages"]))) * 1000, 2)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1, help="`ttcs serve` processes.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ttcs-bench-chat-"))
    cluster = start_cluster()
    try:
        url = cluster.url("postgres")
        prepare(url, work)
        with ZaloServer() as zalo_api:
            env = {
                "TTCS_DATABASE_URL": url,
                "TTCS_VAR_DIR": str(work),
                "TTCS_SECRET_KEY": "b" * 40,
                "TTCS_LOG_LEVEL": "warning",
                "TTCS_DATABASE_POOL_SIZE": "20",
                "TTCS_ZALO_APP_ID": APP_ID,
                "TTCS_ZALO_APP_SECRET": APP_SECRET,
                "TTCS_ZALO_OA_SECRET": OA_SECRET,
                "TTCS_ZALO_REFRESH_TOKEN": zalo_api.refresh_token,
                "TTCS_ZALO_API_URL": zalo_api.base,
                "TTCS_ZALO_OAUTH_URL": zalo_api.base,
            }
            server = Server(env, work / "server.log", "--no-migrate", "--workers", str(args.workers)).start()
            try:
                results: dict[str, object] = {
                    "backend": "postgresql",
                    "server_processes": args.workers,
                    "cpu_cores": os.cpu_count(),
                    "load_average": [round(x, 2) for x in os.getloadavg()],
                    "concurrent_citizens": args.users,
                    "seconds": args.seconds,
                    "web": with_cpu(server.process.pid, web(server.url, args.users, args.seconds)),
                    "zalo": with_cpu(server.process.pid, zalo(server.url, zalo_api, args.users, args.seconds)),
                }
            finally:
                server.stop()
            results["stored"] = stored(url, work)
            results["zalo_token_refreshes"] = zalo_api.refreshes
            results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        cluster.destroy()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
