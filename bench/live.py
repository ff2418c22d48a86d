"""Live broadcast benchmark on a real Icecast (Debian `icecast2`, loopback). Prints JSON.

    .venv/bin/python bench/live.py [--beeps 10] [--listeners 500,2000,5000] [--seconds 10]

1. Delay, "mouth to loudspeaker": a microphone stand-in (ffmpeg, real time) sends a 1 kHz beep every
   5 s as Opus/WebM — what the browser's MediaRecorder sends — into the hub's own ingest command
   (`hub.streams.live.ingest_command`: ffmpeg → MP3 → the broadcast's Icecast mount); a listener
   decodes the mount as `ttcs speaker` does (ffmpeg, PCM) and detects each beep's onset. Delay =
   onset heard − onset sent (wall clock), p50/p95. Icecast's burst-on-connect (16 KB, as in
   deploy/icecast) and the encoders' buffers are part of it; a loudspeaker's own sound card is not.
2. Listeners: N simultaneous HTTP listeners (plain sockets in `--client-processes` processes) per step; each is
   counted as served when it received at least 90% of the stream's bytes over `--seconds`; Icecast's
   own listener count is read from its admin stats. Everything (Icecast, encoder, listeners) shares
   this machine's CPU: the figures are a floor.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import queue
import selectors
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing.queues import Queue
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from hub.streams.live import ingest_command
from tests.support.icecast import SOURCE_PASSWORD, start_icecast, stop_icecast

RATE = 16000
BITRATE = 64_000  # bits/s of the hub's MP3 mounts
PERIOD = 5  # seconds between beeps: a delay below this is measured without ambiguity


def delays(icecast, beeps: int) -> list[float]:
    target = f"icecast://source:{SOURCE_PASSWORD}@127.0.0.1:{icecast.port}/truc-tiep-bench.mp3"
    recording = Path(tempfile.mkdtemp()) / "bench.mp3"
    ingest = subprocess.Popen(ingest_command(target, recording), stdin=subprocess.PIPE, stderr=subprocess.DEVNULL)
    beep = f"if(lt(mod(t,{PERIOD}),0.2),0.8*sin(2*PI*1000*t),0)"
    started = time.time()
    microphone = subprocess.Popen(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
         f"aevalsrc='{beep}':s=48000:d={PERIOD * beeps + 8}", "-c:a", "libopus", "-b:a", "48k",
         "-frame_duration", "20", "-cluster_time_limit", "250", "-f", "webm", "pipe:1"],
        stdout=ingest.stdin, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    mount = f"{icecast.url}/truc-tiep-bench.mp3"
    deadline = time.monotonic() + 20
    while "truc-tiep-bench.mp3" not in icecast.mounts() and time.monotonic() < deadline:
        time.sleep(0.05)
    listener = subprocess.Popen(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-fflags", "nobuffer", "-i", mount,
         "-ac", "1", "-ar", str(RATE), "-f", "s16le", "pipe:1"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    assert listener.stdout is not None
    heard: list[float] = []
    loud = False
    chunk = RATE // 50  # 20 ms
    try:
        while len(heard) < beeps:
            data = listener.stdout.read(chunk * 2)
            if not data:
                break
            now = time.time()
            level = float(np.abs(np.frombuffer(data, dtype=np.int16)).mean())
            if level > 3000 and not loud:
                sent = started + PERIOD * float(np.floor((now - started) / PERIOD))  # the latest beep sent before now
                heard.append(now - sent)
            loud = level > 1500
    finally:
        for process in (listener, microphone):
            process.kill()
        if ingest.stdin:
            ingest.stdin.close()
        ingest.kill()
    return heard


def _listen_many(port: int, mount: str, n: int, seconds: float, results: Queue) -> None:
    """One client process: `n` listeners in one selector loop; the bytes each received in `seconds`,
    counted after a 2-s settling time (so Icecast's burst-on-connect does not count as throughput).

    Plain sockets and a selector, not asyncio: at 5,000 listeners asyncio's per-read machinery, not
    Icecast, was the limit (a previous run "served" 1,386 of 5,000 with the client at 100 % CPU)."""
    request = f"GET {mount} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode()
    selector = selectors.DefaultSelector()
    counts = [0] * n
    for index in range(n):
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(request)
        except OSError:
            continue
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ, index)

    def receive(seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            for key, _ in selector.select(timeout=min(left, 1.0)):
                conn = key.fileobj
                assert isinstance(conn, socket.socket)
                try:
                    data = conn.recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    selector.unregister(conn)
                    conn.close()
                    continue
                counts[key.data] += len(data)

    receive(2.0)  # the burst-on-connect and the last connections settle first: not counted
    before = list(counts)
    receive(seconds)
    counts = [after - first for after, first in zip(counts, before, strict=True)]
    for key in list(selector.get_map().values()):
        with contextlib.suppress(OSError):
            key.fileobj.close()  # type: ignore[union-attr]  # registered objects are sockets
    results.put(counts)


def _step(icecast, mount: str, n: int, seconds: float, processes: int) -> dict[str, object]:
    fork = multiprocessing.get_context("fork")
    results: Queue = fork.Queue()
    shares = [n // processes + (1 if i < n % processes else 0) for i in range(processes)]
    workers = [
        multiprocessing.get_context("fork").Process(
            target=_listen_many, args=(icecast.port, mount, k, seconds, results)
        )
        for k in shares
        if k
    ]
    for worker in workers:
        worker.start()
    collected: list[list[int]] = []
    peak, deadline = 0, time.monotonic() + seconds + 300
    while len(collected) < len(workers) and time.monotonic() < deadline:
        try:
            collected.append(results.get(timeout=1.0))
        except queue.Empty:  # meanwhile: Icecast's own listener count, sampled each second
            stats = icecast.mounts().get(mount.lstrip("/"), {})
            peak = max(peak, int(stats.get("listeners", "0") or 0))
    counts = [c for share in collected for c in share]
    for worker in workers:
        worker.join()
    expected = BITRATE / 8 * seconds
    served = sum(1 for c in counts if c >= 0.9 * expected)
    return {
        "listeners": n,
        "client_processes": len(workers),
        "icecast_peak_listeners": peak,
        "served_90pct": served,
        "served_ratio": round(served / n, 3),
    }


def listeners(icecast, steps: list[int], seconds: float, processes: int) -> list[dict[str, object]]:
    target = f"icecast://source:{SOURCE_PASSWORD}@127.0.0.1:{icecast.port}/tiep-song-bench.mp3"
    source = subprocess.Popen(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "sine=frequency=440",
         "-ac", "1", "-c:a", "libmp3lame", "-b:a", "64k", "-content_type", "audio/mpeg", "-f", "mp3", target],
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while "tiep-song-bench.mp3" not in icecast.mounts() and time.monotonic() < deadline:
            time.sleep(0.1)
        return [_step(icecast, "/tiep-song-bench.mp3", n, seconds, processes) for n in steps]
    finally:
        source.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--beeps", type=int, default=10)
    parser.add_argument("--listeners", default="500,2000,5000")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--client-processes", type=int, default=2, help="listener processes (the client's CPU)")
    parser.add_argument("--no-delay", action="store_true", help="only the listeners")
    args = parser.parse_args()
    icecast = start_icecast()
    try:
        heard = [] if args.no_delay else delays(icecast, args.beeps)
        quantiles = statistics.quantiles(heard, n=20) if len(heard) >= 2 else heard * 19
        result = {
            "delay_s": {"beeps_heard": len(heard), "p50": round(statistics.median(heard), 2) if heard else None,
                        "p95": round(quantiles[18], 2) if heard else None, "aim": 3.0},
            "listeners": listeners(icecast, [int(n) for n in args.listeners.split(",")], args.seconds,
                                   args.client_processes),
            "load_average": os.getloadavg(),
        }  # fmt: skip
    finally:
        stop_icecast(icecast)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
