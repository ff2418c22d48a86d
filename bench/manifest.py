"""The manifest's 304 against its physical limit: one `ttcs serve` process on PostgreSQL and, in the
same run, nginx (Debian package, one worker) answering a static file's 304 by its ETag. Prints JSON.

    .venv/bin/python bench/manifest.py [--devices 10000] [--interval 30] [--seconds 20]
        [--connections 32] [--client-processes 2] [--hub-root PATH]

Two loads, each against the hub and then against nginx, with the same clients:

- fleet: `--devices` devices each poll every `--interval` seconds (a random phase each) with the ETag
  they hold, over keep-alive connections (a pool per client process); latency from the moment the
  poll was due until its answer, so a slow server shows as queueing too.
- saturate: `--connections` keep-alive connections send polls back to back (what wrk does); the
  request rate is the server's limit on this machine.

Before the loads every device fetches its manifest once (the hub renders it and knows the token),
so the loads are almost all 304. The clients are Python (asyncio, raw sockets) in `--client-processes`
processes; they, the hub, nginx and PostgreSQL share the machine's cores: `load_average` says how
busy it was. `--hub-root` serves the hub from another checkout of the code (a before/after run in
the same conditions: `git archive <commit> | tar -x -C /tmp/before`).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import multiprocessing
import os
import random
import statistics
import sys
import time
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.nginx import start_nginx  # noqa: E402
from tests.support.postgres import throwaway_database  # noqa: E402
from tests.support.server import Server  # noqa: E402

MANIFEST = "/api/v1/device/manifest"
STATIC = "/_bench_static/manifest.json"


def _load_bench_devices() -> Any:  # bench/devices.py: its fleet preparation (the name shadows the devices package)
    spec = importlib.util.spec_from_file_location("bench_devices", ROOT / "bench" / "devices.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Connection:
    """One keep-alive HTTP/1.1 connection; reconnects when the server closed it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, token: str, etag: str | None) -> tuple[int, str | None]:
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bearer {token}\r\n"
            + (f"If-None-Match: {etag}\r\n" if etag else "")
            + "\r\n"
        ).encode()
        for attempt in range(2):
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
                assert self.reader is not None
                self.writer.write(request)
                head = await self.reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                status = int(lines[0].split(" ", 2)[1])
                headers = {
                    k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)
                }
                length = int(headers.get("content-length", "0"))
                if length:
                    await self.reader.readexactly(length)
                if headers.get("connection", "").lower() == "close":
                    self.close()
                return status, headers.get("etag")
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _client(mode: str, url: str, path: str, tokens: list[str], args: dict[str, float], ready: Any, out: Queue) -> None:
    host, port = url.removeprefix("http://").split(":")

    async def warm(etags: dict[str, str | None], connections: int) -> None:
        pending = list(tokens)

        async def worker() -> None:
            connection = Connection(host, int(port))
            while pending:
                token = pending.pop()
                _, etags[token] = await connection.get(path, token, None)
            connection.close()

        await asyncio.gather(*(worker() for _ in range(connections)))

    async def fleet(etags: dict[str, str | None], start_at: float) -> dict[str, Any]:
        pool: asyncio.Queue[Connection] = asyncio.Queue()
        for _ in range(int(args["pool"])):
            pool.put_nowait(Connection(host, int(port)))
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        interval, end = args["interval"], start_at + args["seconds"]

        async def device(token: str) -> None:
            due = start_at + random.uniform(0, interval)
            while due < end:
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                connection = await pool.get()
                try:
                    status, etag = await connection.get(path, token, etags[token])
                except OSError:
                    status, etag = 599, etags[token]
                pool.put_nowait(connection)
                latencies.append(time.monotonic() - due)
                statuses[status] = statuses.get(status, 0) + 1
                etags[token] = etag or etags[token]
                due += interval

        await asyncio.gather(*(device(t) for t in tokens))
        return {"latencies": latencies, "statuses": statuses}

    async def saturate(etags: dict[str, str | None], start_at: float) -> dict[str, Any]:
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        end = start_at + args["seconds"]
        cycle = list(etags.items())

        async def loop(offset: int) -> None:
            connection = Connection(host, int(port))
            i = offset
            while time.monotonic() < end:
                token, etag = cycle[i % len(cycle)]
                began = time.monotonic()
                status, _ = await connection.get(path, token, etag)
                latencies.append(time.monotonic() - began)
                statuses[status] = statuses.get(status, 0) + 1
                i += 1
            connection.close()

        await asyncio.gather(*(loop(n * 97) for n in range(int(args["connections"]))))
        return {"latencies": latencies, "statuses": statuses}

    async def run() -> dict[str, Any]:
        etags: dict[str, str | None] = {}
        await warm(etags, 16)
        ready.wait()  # the processes begin together (one monotonic clock), after every warm-up
        start_at = time.monotonic() + 0.2
        await asyncio.sleep(0.2)
        found = await (fleet(etags, start_at) if mode == "fleet" else saturate(etags, start_at))
        return {**found, "late": time.monotonic() - start_at - args["seconds"]}

    out.put(asyncio.run(run()))


def measure(mode: str, url: str, path: str, tokens: list[str], args: dict[str, float], processes: int) -> dict:
    fork = multiprocessing.get_context("fork")
    results: Queue = fork.Queue()
    ready = fork.Barrier(processes)
    per = {**args, "connections": max(1, int(args["connections"]) // processes)}
    shares = [tokens[i::processes] for i in range(processes)]
    workers = [fork.Process(target=_client, args=(mode, url, path, s, per, ready, results)) for s in shares]
    for worker in workers:
        worker.start()
    found = [results.get(timeout=1800) for _ in workers]
    for worker in workers:
        worker.join()
    late = max(f["late"] for f in found)
    latencies = sorted(x for f in found for x in f["latencies"])
    statuses: dict[str, int] = {}
    for f in found:
        for status, count in f["statuses"].items():
            statuses[str(status)] = statuses.get(str(status), 0) + count
    at = lambda q: round(1000 * latencies[min(len(latencies) - 1, int(q * len(latencies)))], 2)  # noqa: E731
    return {
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / args["seconds"], 1),
        "p50_ms": at(0.5) if latencies else None,
        "p99_ms": at(0.99) if latencies else None,
        "max_ms": round(1000 * latencies[-1], 2) if latencies else None,
        "mean_ms": round(1000 * statistics.fmean(latencies), 2) if latencies else None,
        "statuses": statuses,
        "clients_finished_late_s": round(max(0.0, late), 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, default=10_000)
    parser.add_argument("--interval", type=float, default=30.0)
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per load and server")
    parser.add_argument("--connections", type=int, default=32, help="saturating mode: connections in all")
    parser.add_argument("--pool", type=int, default=128, help="fleet mode: keep-alive connections per client process")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--hub-root", type=Path, default=ROOT, help="the checkout whose `hub` is served")
    args = parser.parse_args()
    bench_devices = _load_bench_devices()
    load: dict[str, float] = {
        "interval": args.interval,
        "seconds": args.seconds,
        "connections": args.connections,
        "pool": args.pool,
    }
    result: dict[str, Any] = {
        "backend": "postgresql",
        "server_processes": 1,
        "nginx_workers": 1,
        "cpu_cores": os.cpu_count(),
        "hub_root": str(args.hub_root),
        "devices": args.devices,
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    with throwaway_database("postgresql", "ttcs-bench-manifest") as (url, work):
        tokens = bench_devices.prepare(url, work, args.devices)
        env = {
            "TTCS_DATABASE_URL": url, "TTCS_VAR_DIR": str(work), "TTCS_SECRET_KEY": "b" * 40,
            "TTCS_EMBEDDED_WORKER": "false", "TTCS_LOG_LEVEL": "warning", "TTCS_DATABASE_POOL_SIZE": "20",
        }  # fmt: skip
        server = Server(env, work / "server.log", "--no-migrate")
        server.env["PYTHONPATH"] = str(args.hub_root.resolve())
        (work / "static").mkdir()
        (work / "static" / "manifest.json").write_text(json.dumps({"items": [], "board": [], "bench": True}))
        peer = f"location /_bench_static/ {{ alias {work / 'static'}/; }}"
        server.start()
        edge = start_nginx(server.url.removeprefix("http://"), work, workers=1, extra=peer)
        try:
            for mode in ("fleet", "saturate"):
                hub = measure(mode, server.url, MANIFEST, tokens, load, args.client_processes)
                nginx = measure(mode, edge.url, STATIC, tokens, load, args.client_processes)
                ratio = {
                    "rate_hub_over_nginx": round(hub["requests_per_s"] / nginx["requests_per_s"], 3),
                    "p99_hub_over_nginx": round(hub["p99_ms"] / nginx["p99_ms"], 1) if nginx["p99_ms"] else None,
                }
                result[mode] = {"hub": hub, "nginx_static": nginx, **ratio}
        finally:
            edge.stop()
            server.stop()
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
