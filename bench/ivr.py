"""Hotline benchmark: how many simultaneous calls `ttcs ivr` carries on this machine without audio
gaps, and how soon a caller hears the first prompt after the call is answered. Prints JSON.

    .venv/bin/python bench/ivr.py [--levels 10,30,50] [--seconds 15]

Real parts: kamailio (registrar and proxy) on loopback, `ttcs ivr` as its own process on
PostgreSQL, and N callers of our own (tests/support/sip.py) that each choose a commune and the
latest news, then listen. One receiver thread takes every caller's RTP and notes when each packet
arrives. A packet is late when it arrives more than 40 ms after its time on an ideal 20 ms clock
anchored at the call's earliest packet (a 40 ms jitter buffer would have run dry); lost when its
sequence number never arrives. The callers run on the same two cores as the agent: figures are a
floor. First audio is measured at the caller: from the 200 OK to the first non-silent packet.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import selectors
import socket
import statistics
import struct
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hub.accounts.service import ensure_admin  # noqa: E402
from hub.areas.seed import seed_province  # noqa: E402
from hub.bootstrap import build_hub  # noqa: E402
from hub.config import Settings  # noqa: E402
from hub.db.migrate import upgrade  # noqa: E402
from hub.demo.seed import seed_demo  # noqa: E402
from tests.support.postgres import start_cluster  # noqa: E402
from tests.support.sip import Caller, IvrProcess, Kamailio  # noqa: E402
from voice.ivr import rtp  # noqa: E402

LATE_SECONDS = 0.04


class Receiver:
    """One thread reading the RTP of every caller."""

    def __init__(self) -> None:
        self.selector = selectors.DefaultSelector()
        self.lock = threading.Lock()
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def add(self, media: BenchMedia) -> None:
        with self.lock:
            self.selector.register(media.sock, selectors.EVENT_READ, media)

    def remove(self, media: BenchMedia) -> None:
        with self.lock, contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(media.sock)

    def _run(self) -> None:
        while self.running:
            with self.lock:
                ready = self.selector.select(0.01) if self.selector.get_map() else []
            if not ready:
                time.sleep(0.002)
                continue
            now = time.monotonic()
            for key, _ in ready:
                media: BenchMedia = key.data
                try:
                    while True:
                        data, source = media.sock.recvfrom(2048)
                        media.arrived(now, data, source)
                except (BlockingIOError, OSError):
                    pass


class BenchMedia:
    """A caller's RTP endpoint, as light as possible: sequence numbers and arrival times."""

    def __init__(self, receiver: Receiver) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]
        self.remote: tuple[str, int] | None = None
        self.arrivals: list[tuple[float, int]] = []
        self.first_speech: float | None = None
        self.receiver = receiver
        self._ts = 1000
        self._seq = 1
        receiver.add(self)

    def arrived(self, now: float, data: bytes, source: tuple[str, int]) -> None:
        if len(data) < 12:
            return
        self.remote = self.remote or source
        self.arrivals.append((now, struct.unpack_from("!H", data, 2)[0]))
        if self.first_speech is None and data[12:].count(0xFF) < len(data) - 12:
            self.first_speech = now

    def press(self, key: str) -> None:
        assert self.remote is not None
        for i in range(6):
            payload = rtp.event_payload(key, i >= 3, 160 * (i + 1))
            packet = rtp.Packet(101, i == 0, self._seq, self._ts, 4242, payload)
            self.sock.sendto(rtp.pack(packet), self.remote)
            self._seq += 1
            time.sleep(0.02)
        self._ts += 160 * 7

    def close(self) -> None:
        self.receiver.remove(self)
        self.sock.close()

    def figures(self, since: float, until: float) -> tuple[int, int, int]:
        """(packets, late, lost) between `since` and `until`."""
        window = [(t, s) for t, s in self.arrivals if since <= t <= until]
        if len(window) < 2:
            return 0, 0, 0
        first_seq = window[0][1]
        points = [(t, (s - first_seq) % 0x10000) for t, s in window]
        anchor = min(t - k * rtp.FRAME_SECONDS for t, k in points)
        late = sum(1 for t, k in points if t - (anchor + k * rtp.FRAME_SECONDS) > LATE_SECONDS)
        expected = max(k for _, k in points) + 1
        return len(points), late, max(0, expected - len({k for _, k in points}))


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_level(kamailio: Kamailio, agent: IvrProcess, count: int, seconds: float, base: int) -> dict[str, object]:
    receiver = Receiver()
    callers: list[Caller] = []
    answered: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        media = BenchMedia(receiver)
        caller = Caller(kamailio.port, f"09{base + i:08d}", media=media)
        with lock:
            callers.append(caller)
        try:
            caller.dial(timeout=30)
            with lock:
                answered.append(caller.answered_at or 0.0)
            deadline = time.monotonic() + 10
            while media.remote is None and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(1.0)
            media.press("1")  # Phường Ea Kao
            time.sleep(1.0)
            media.press("1")  # the latest news
        except Exception as exc:
            with lock:
                failures.append(repr(exc))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    for thread in threads:
        thread.join(60)
    cpu_before = cpu_seconds(agent.process.pid)
    window_start = time.monotonic()
    time.sleep(seconds)
    window_end = time.monotonic()
    cpu = cpu_seconds(agent.process.pid) - cpu_before
    packets = late = lost = 0
    first_audio = []
    for caller in callers:
        media: BenchMedia = caller.media
        p, la, lo = media.figures(window_start, window_end)
        packets, late, lost = packets + p, late + la, lost + lo
        if caller.answered_at and media.first_speech:
            first_audio.append((media.first_speech - caller.answered_at) * 1000)
    for caller in callers:
        with contextlib.suppress(Exception):
            caller.hang_up()
        caller.close()
    receiver.running = False
    ordered = sorted(first_audio)
    return {
        "calls": count,
        "answered": len(answered),
        "failures": failures[:3],
        "ramp_s": round(window_start - started, 1),
        "window_s": round(window_end - window_start, 1),
        "packets": packets,
        "late_packets_pct": round(100 * late / max(1, packets), 3),
        "lost_packets_pct": round(100 * lost / max(1, packets + lost), 3),
        "agent_cpu_pct_of_one_core": round(100 * cpu / (window_end - window_start), 1),
        "first_audio_ms": {
            "p50": round(statistics.median(ordered), 1) if ordered else None,
            "p95": round(ordered[int(len(ordered) * 0.95) - 1], 1) if ordered else None,
            "max": round(ordered[-1], 1) if ordered else None,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--levels", default="10,30,50")
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ttcs-bench-ivr-"))
    cluster = start_cluster()
    kamailio = Kamailio(work / "kamailio").start()
    results: dict[str, object] = {"cpu_cores": os.cpu_count(), "load_average": os.getloadavg(), "levels": []}
    agent = None
    try:
        url = cluster.url("postgres")
        settings = Settings(database_url=url, var_dir=work, secret_key="b" * 40, embedded_worker=False)
        hub = build_hub(settings)
        upgrade(hub.database.engine)
        with hub.database.uow() as uow:
            seeded = seed_province(uow, settings.province_code)
            ensure_admin(uow, seeded.province, "bench-admin-password")
            seed_demo(uow, "ttcs-demo-2026")
            uow.commit()
        hub.database.dispose()
        env = {
            "TTCS_DATABASE_URL": url,
            "TTCS_VAR_DIR": str(work),
            "TTCS_SECRET_KEY": "b" * 40,
            "TTCS_EMBEDDED_WORKER": "false",
            "TTCS_LOG_LEVEL": "warning",
            "TTCS_IVR_COMMUNES": "24169,24280",
            "TTCS_IVR_MAX_CALLS": "200",
            "TTCS_DATABASE_POOL_SIZE": "20",
        }
        agent = IvrProcess(env, kamailio, work / "ivr.log").start(kamailio)
        levels: list[dict[str, object]] = results["levels"]
        for n, count in enumerate(int(c) for c in args.levels.split(",")):
            levels.append(one_level(kamailio, agent, count, args.seconds, base=5_000_000 + n * 1000))
            time.sleep(3)
        clean = [lv["calls"] for lv in levels if lv["answered"] == lv["calls"] and lv["late_packets_pct"] < 1.0]
        results["max_simultaneous_calls_without_gaps"] = max(clean) if clean else 0
    finally:
        if agent is not None:
            agent.stop()
        kamailio.stop()
        cluster.destroy()
    results["load_average_after"] = os.getloadavg()
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
