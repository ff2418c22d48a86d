"""Real processes for the device tests: the hub (`ttcs serve`), reference players (`ttcs speaker`)
and a Mosquitto broker, each on free loopback ports, stopped by the tests."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.ports import free_port
from tests.support.server import ROOT, TTCS, Server

PASSWORD = "ttcs-demo-2026"


def wait_for(check: Callable[[], object], timeout: float = 60, message: str = "") -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"not within {timeout:.0f} s: {message}")


class Hub:
    def __init__(self, database_url: str, tmp_path: Path, **env: str) -> None:
        self.server = Server({}, tmp_path / "hub.log", "--no-migrate")
        self.url = self.server.url
        self.server.env.update({
            "TTCS_DATABASE_URL": database_url, "TTCS_VAR_DIR": str(tmp_path / "var"),
            "TTCS_SECRET_KEY": "k" * 40, "TTCS_LOG_LEVEL": "warning", "TTCS_EMBEDDED_WORKER": "true",
            "TTCS_WORKER_POLL_SECONDS": "0.2", "TTCS_PUBLIC_URL": self.url, "TTCS_DEVICE_CHANGE_POLL_SECONDS": "0.5",
            **env,
        })  # fmt: skip

    def start(self) -> Hub:
        self.server.start()
        return self

    def login(self, username: str, password: str = PASSWORD) -> dict[str, str]:
        response = httpx.post(f"{self.url}/api/v1/auth/token", data={"username": username, "password": password})
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def api(self, method: str, path: str, headers: dict[str, str], **kwargs: object) -> httpx.Response:
        return httpx.request(method, f"{self.url}/api/v1{path}", headers=headers, timeout=30, **kwargs)


class Player:
    """A `ttcs speaker --out DIR` process."""

    def __init__(self, hub_url: str, token: str, out: Path, *args: str) -> None:
        self.out = out
        self.args = ["speaker", "--hub", hub_url, "--token", token, "--out", str(out), "--wait", "20", *args]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Player:
        self.out.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        with (self.out / "player.log").open("ab") as log:
            self.process = subprocess.Popen([TTCS, *self.args, "-v"], stdout=log, stderr=log, cwd=ROOT, env=env)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def records(self) -> list[dict[str, object]]:
        path = self.out / "played.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def started(self, bulletin_id: int) -> list[dict[str, object]]:
        return [r for r in self.records() if r.get("event") == "start" and r.get("bulletin_id") == bulletin_id]

    def cached_manifest(self) -> dict[str, object]:
        db = self.out / "state" / "device.sqlite3"
        if not db.exists():
            return {}
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                row = conn.execute("SELECT value FROM kv WHERE key = 'manifest'").fetchone()
        except sqlite3.OperationalError:  # the player has created its state file but not yet its table
            return {}
        return json.loads(row[0]) if row else {}


@pytest.fixture
def players() -> Iterator[list[Player]]:
    started: list[Player] = []
    yield started
    for player in started:
        player.stop()


@pytest.fixture
def hubs() -> Iterator[list[Hub]]:
    started: list[Hub] = []
    yield started
    for hub in started:
        hub.server.stop()


@pytest.fixture
def mosquitto(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    conf = tmp_path / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    with (tmp_path / "mosquitto.log").open("ab") as log:
        process = subprocess.Popen(["mosquitto", "-c", str(conf)], stdout=log, stderr=log)
    try:
        import socket

        def listening() -> bool:
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", port)) == 0

        wait_for(listening, 15, "mosquitto did not start")
        yield f"mqtt://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)
