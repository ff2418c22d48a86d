"""The fleet simulator: `ttcs simulate --devices N --hub URL --tokens FILE` (load tests, `bench/devices.py`).

Thousands of devices in one process on one event loop, each with its own keep-alive HTTP/1.1
connection and token, speaking the device protocol: long-poll (`--mode longpoll`), plain polls with
ETag every `--interval` seconds (`--mode poll`), or polls woken by MQTT notices (`--mode mqtt`,
one subscriber for the fleet standing in for each device's own). The HTTP client is a minimal one
on asyncio streams: a full client per simulated device would spend the CPU the hub needs.

It prints JSON: requests, answers by status, latency of the non-waiting requests (p50/p99), and —
with `--watch TEXT` — when each device first received a manifest containing TEXT.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import statistics
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from devices.protocol import HEARTBEAT_PATH, MANIFEST_PATH, Heartbeat

if TYPE_CHECKING:
    from paho.mqtt.client import MQTTMessage


class HttpError(Exception):
    pass


class Connection:
    """One keep-alive HTTP/1.1 connection (Content-Length bodies only, as the hub sends)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b"", timeout: float = 30
    ) -> tuple[int, dict[str, str], bytes]:
        reused = self.writer is not None
        try:
            return await asyncio.wait_for(self._request(method, path, headers, body), timeout)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
            self.close()
            if reused and not isinstance(exc, TimeoutError):  # the server closed an idle keep-alive connection
                return await self.request(method, path, headers, body, timeout)
            raise HttpError(str(exc) or type(exc).__name__) from exc

    async def _request(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        got: dict[str, str] = {}
        while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            got[name.strip().lower()] = value.strip()
        length = int(got.get("content-length", "0"))
        data = await self.reader.readexactly(length) if length else b""
        if got.get("connection", "").lower() == "close":
            self.close()
        return status, got, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Stats:
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seen: dict[int, float] = field(default_factory=dict)  # device index → when TEXT first arrived

    def summary(self, elapsed: float) -> dict[str, object]:
        lat = sorted(self.latencies)
        total = sum(self.statuses.values())
        return {
            "requests": total,
            "per_second": round(total / elapsed, 1) if elapsed else 0,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "errors": self.errors,
            "p50_ms": round(statistics.median(lat) * 1000, 2) if lat else None,
            "p99_ms": round(lat[max(0, int(len(lat) * 0.99) - 1)] * 1000, 2) if lat else None,
        }


class Fleet:
    def __init__(
        self,
        hub: str,
        tokens: list[str],
        *,
        mode: str = "longpoll",
        interval: float = 30.0,
        wait: int = 60,
        heartbeat: float = 0.0,
        watch: str = "",
        mqtt_url: str = "",
    ) -> None:
        parts = urlsplit(hub)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.tokens, self.mode, self.interval, self.wait = tokens, mode, interval, wait
        self.heartbeat, self.mqtt_url = heartbeat, mqtt_url
        self.watch = watch.encode()
        self.stats = Stats()
        self.ready: set[int] = set()  # devices holding a current manifest
        self._stop = asyncio.Event()
        self._wake: dict[int, asyncio.Event] = {}
        self._topics: dict[str, set[int]] = {}
        self._notified: dict[int, int] = {}  # device → newest version an MQTT notice told it of
        self._loop: asyncio.AbstractEventLoop | None = None

    def stop(self) -> None:
        self._stop.set()
        for event in self._wake.values():
            event.set()

    def reset(self, watch: str = "") -> None:
        self.stats = Stats()
        self.watch = watch.encode()

    async def _device(self, index: int, token: str) -> None:
        conn = Connection(self.host, self.port)
        auth = {"Authorization": f"Bearer {token}"}
        etag = ""
        wake = self._wake.setdefault(index, asyncio.Event())
        device_id = ""
        next_beat = time.monotonic() + random.uniform(0, self.heartbeat or 1)
        # A fleet that polls every N seconds is spread over those N seconds; long-polls start within 5 s.
        await asyncio.sleep(random.uniform(0, self.interval if self.mode == "poll" else min(self.interval, 5.0)))
        while not self._stop.is_set():
            waiting = self.mode == "longpoll" and bool(etag)
            path = self.manifest_path(index, waiting)
            headers = {**auth, "If-None-Match": etag} if etag else auth
            started = time.perf_counter()
            try:
                status, got, body = await conn.request("GET", path, headers, timeout=self.wait + 30)
            except HttpError:
                self.stats.errors += 1
                await asyncio.sleep(1)
                continue
            if not waiting:
                self.stats.latencies.append(time.perf_counter() - started)
            self.stats.statuses[status] = self.stats.statuses.get(status, 0) + 1
            if status == 200:
                etag = got.get("etag", "")
                self.ready.add(index)
                if not device_id:
                    manifest = json.loads(body)
                    device_id = manifest["device_id"]
                    for topic in (manifest.get("notify") or {}).get("topics", []):
                        self._topics.setdefault(topic, set()).add(index)
                if self.watch and self.watch in body and index not in self.stats.seen:
                    self.stats.seen[index] = time.time()
            if self.heartbeat and device_id and time.monotonic() >= next_beat:
                next_beat = time.monotonic() + self.heartbeat
                beat = Heartbeat(device_id=device_id, sent_at=_now(), operating_state="idle", app_version="simulator/1")
                with contextlib.suppress(HttpError):
                    await conn.request(
                        "POST",
                        HEARTBEAT_PATH,
                        {**auth, "Content-Type": "application/json"},
                        beat.model_dump_json().encode(),
                    )
            if self.mode != "longpoll" or status not in (200, 304):
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), self.interval if status in (200, 304) else 1)
                wake.clear()
        conn.close()

    def manifest_path(self, index: int, waiting: bool) -> str:
        if waiting:
            return f"{MANIFEST_PATH}?wait={self.wait}"
        if index in self._notified:  # as the protocol asks: whichever hub process answers reads that change first
            return f"{MANIFEST_PATH}?version={self._notified[index]}"
        return MANIFEST_PATH

    def _on_notice(self, _client: object, _userdata: object, message: MQTTMessage) -> None:
        indexes = self._topics.get(message.topic, ())
        try:
            version = int(json.loads(message.payload).get("version", 0))
        except (ValueError, AttributeError):
            version = 0
        for index in indexes:
            if version > self._notified.get(index, 0):
                self._notified[index] = version
            if self._loop is not None:
                self._loop.call_soon_threadsafe(self._wake[index].set)

    async def run(self, seconds: float | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        subscriber = None
        if self.mode == "mqtt" and self.mqtt_url:
            from devices.notices import connect

            subscriber = connect(
                self.mqtt_url,
                ["ttcs/area/+/notify", "ttcs/device/+/notify"],
                self._on_notice,
                client_id="ttcs-simulator",
            )
        tasks = [asyncio.create_task(self._device(i, t)) for i, t in enumerate(self.tokens)]
        try:
            if seconds is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), seconds)
                self.stop()
            await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            if subscriber is not None:
                subscriber.disconnect()
                subscriber.loop_stop()


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def main(
    hub: str,
    tokens: list[str],
    mode: str,
    interval: float,
    wait: int,
    seconds: float,
    heartbeat: float,
    watch: str,
    mqtt_url: str,
) -> dict[str, object]:
    fleet = Fleet(
        hub, tokens, mode=mode, interval=interval, wait=wait, heartbeat=heartbeat, watch=watch, mqtt_url=mqtt_url
    )
    began = time.perf_counter()
    asyncio.run(fleet.run(seconds))
    out: dict[str, object] = {"devices": len(tokens), "mode": mode, "seconds": seconds}
    out.update(fleet.stats.summary(time.perf_counter() - began))
    if watch:
        out["received_watch"] = len(fleet.stats.seen)
    return out
