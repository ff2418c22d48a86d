"""Audio to devices: N devices fetch an emergency's MP3 at once, from the hub alone and from nginx
with the hub authorising each request (X-Accel-Redirect, `TTCS_AUDIO_ACCEL_REDIRECT`). Prints JSON.

    .venv/bin/python bench/audio_fetch.py [--devices 5000] [--concurrency 400] [--client-processes 2]

One `ttcs serve` process on PostgreSQL renders a province-wide bulletin of about 1 MB of MP3 (espeak-ng).
Then, for each path, every device fetches it once with its own token, at most `--concurrency` at a
time (split over the client processes); the figure is the time from the first request until 95 % (and
100 %) of the devices hold the whole file, checked by its SHA-256. The peer in the same run is nginx
sending the same file as a plain static file, without asking the hub (`/_bench_static/`): the
physical limit of this machine for these bytes. Clients, hub, nginx and PostgreSQL share its cores.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import importlib.util
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from multiprocessing.queues import Queue
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.nginx import start_nginx  # noqa: E402
from tests.support.postgres import start_cluster  # noqa: E402
from tests.support.server import Server  # noqa: E402

SENTENCE = (
    "Ban chỉ huy phòng chống thiên tai tỉnh thông báo mưa lớn kéo dài, nguy cơ lũ quét và sạt lở đất tại "
    "các xã vùng núi; bà con không qua suối, không ở lại nhà gần taluy, chuẩn bị lương thực và đèn pin. "
)


def _load_bench_devices():  # bench/devices.py: its fleet preparation (the name shadows the devices package)
    spec = importlib.util.spec_from_file_location("bench_devices", ROOT / "bench" / "devices.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def _fetch(host: str, port: int, path: str, token: str | None) -> tuple[float, bytes]:
    reader, writer = await asyncio.open_connection(host, port)
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Connection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read(-1)
    writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(head[:80].decode(errors="replace"))
    return time.monotonic(), body


def _client(url: str, paths: list[tuple[str, str | None]], concurrency: int, start_at: float, out: Queue) -> None:
    host, port = url.removeprefix("http://").split(":")

    async def run() -> list[tuple[float, str]]:
        gate = asyncio.Semaphore(concurrency)

        async def one(path: str, token: str | None) -> tuple[float, str]:
            async with gate:
                for _ in range(3):
                    try:
                        done, body = await _fetch(host, int(port), path, token)
                        return done, hashlib.sha256(body).hexdigest()
                    except (OSError, RuntimeError):
                        await asyncio.sleep(0.2)
                return time.monotonic(), "failed"

        while time.monotonic() < start_at:  # the processes begin together
            await asyncio.sleep(0.005)
        return await asyncio.gather(*(one(p, t) for p, t in paths))

    out.put(asyncio.run(run()))


def fetch_all(url: str, paths: list[tuple[str, str | None]], audio: bytes, concurrency: int, processes: int) -> dict:
    """Every path fetched once; when each client held the whole file (its SHA-256 checked)."""
    sha = hashlib.sha256(audio).hexdigest()
    fork = multiprocessing.get_context("fork")
    results: Queue = fork.Queue()
    start_at = time.monotonic() + 1.0
    shares = [paths[i::processes] for i in range(processes)]
    workers = [
        fork.Process(target=_client, args=(url, share, concurrency // processes, start_at, results)) for share in shares
    ]
    for worker in workers:
        worker.start()
    found = [item for _ in workers for item in results.get(timeout=1800)]
    for worker in workers:
        worker.join()
    times = sorted(done - start_at for done, digest in found if digest == sha)
    n = len(paths)
    at = lambda share: round(times[int(share * n) - 1], 2) if len(times) >= share * n else None  # noqa: E731
    return {
        "devices": n,
        "whole_and_correct": len(times),
        "seconds_to_95pct": at(0.95),
        "seconds_to_100pct": at(1.0),
        "median_s": round(statistics.median(times), 2) if times else None,
        "throughput_mb_s": round(len(times) * len(audio) / 1e6 / times[-1], 1) if times else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=400)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--hub-root", type=Path, default=ROOT, help="the checkout whose `hub` is served (before/after)")
    args = parser.parse_args()
    bench_devices = _load_bench_devices()
    work = Path(tempfile.mkdtemp(prefix="ttcs-bench-audio-"))
    cluster = start_cluster()
    result: dict[str, object] = {"backend": "postgresql", "server_processes": 1, "cpu_cores": os.cpu_count(),
                                 "hub_root": str(args.hub_root)}  # fmt: skip
    try:
        url = cluster.url("postgres")
        tokens = bench_devices.prepare(url, work, args.devices)
        env = {
            "TTCS_DATABASE_URL": url, "TTCS_VAR_DIR": str(work), "TTCS_SECRET_KEY": "b" * 40,
            "TTCS_EMBEDDED_WORKER": "true", "TTCS_LOG_LEVEL": "warning", "TTCS_DATABASE_POOL_SIZE": "20",
        }  # fmt: skip
        server = Server(env, work / "server.log", "--no-migrate")
        server.env["TTCS_PUBLIC_URL"] = server.url
        server.env["PYTHONPATH"] = str(args.hub_root.resolve())
        server.start()
        try:
            bid, audio = _emergency(server.url, tokens[0], bench_devices.PASSWORD)
        finally:
            server.stop()
        (work / "static").mkdir()
        (work / "static" / "emergency.mp3").write_bytes(audio)
        peer = f"location /_bench_static/ {{ alias {work / 'static'}/; }}"
        result["file_bytes"] = len(audio)
        devices = [(f"/api/v1/device/audio/{bid}", token) for token in tokens]
        for name, accel in (("hub_alone", ""), ("hub_and_nginx", "/_ttcs_audio/")):
            server = Server({**env, "TTCS_EMBEDDED_WORKER": "false", "TTCS_AUDIO_ACCEL_REDIRECT": accel},
                            work / f"{name}.log", "--no-migrate")  # fmt: skip
            server.env["PYTHONPATH"] = str(args.hub_root.resolve())
            server.start()
            edge = start_nginx(server.url.removeprefix("http://"), work, workers=2, extra=peer) if accel else None
            try:
                target = edge.url if edge else server.url
                result[name] = fetch_all(target, devices, audio, args.concurrency, args.client_processes)
                if edge:  # the peer: the same bytes as a static file, no hub involved
                    result["nginx_static_peer"] = fetch_all(
                        target, [("/_bench_static/emergency.mp3", None)] * len(tokens), audio, args.concurrency,
                        args.client_processes,
                    )  # fmt: skip
            finally:
                if edge:
                    edge.stop()
                server.stop()
        result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        cluster.destroy()
    print(json.dumps(result, indent=2))


def _emergency(base: str, device_token: str, password: str) -> tuple[int, bytes]:
    def login(user: str) -> dict[str, str]:
        answer = httpx.post(f"{base}/api/v1/auth/token", data={"username": user, "password": password}, timeout=30)
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    body = {"title": "Cảnh báo mưa lớn, lũ quét và sạt lở đất", "body": SENTENCE * 9, "category": "disaster_emergency",
            "priority": "normal", "target_codes": ["66"]}  # fmt: skip
    with httpx.Client(base_url=base, timeout=60) as http:
        editor, approver = login("bientap.tinh"), login("duyet.tinh")
        bid = http.post("/api/v1/bulletins", json=body, headers=editor).raise_for_status().json()["id"]
        http.post(f"/api/v1/bulletins/{bid}/submit", headers=editor).raise_for_status()
        http.post(f"/api/v1/bulletins/{bid}/approve", headers=approver).raise_for_status()
        device = {"Authorization": f"Bearer {device_token}"}
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            answer = http.get(f"/api/v1/device/audio/{bid}", headers=device)
            if answer.status_code == 200:
                return bid, answer.content
            time.sleep(1)
    raise RuntimeError("the bulletin's audio was not rendered in 10 minutes")


if __name__ == "__main__":
    main()
