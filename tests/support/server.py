"""Run `ttcs serve` as a real process on a free loopback port (end-to-end and crash tests)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.support.ports import free_port
from tests.support.settings import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
TTCS = str(Path(sys.executable).parent / "ttcs")


class Server:
    def __init__(self, env: dict[str, str], log: Path, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            **env,
        }
        self.log = log
        self.args = args
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 180) -> Server:
        """Wait until the server answers /healthz (a cap, not a pause: a loaded machine may take a
        minute); a server that does not come up is stopped, not left running after the test."""
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [TTCS, "serve", "--port", str(self.port), *self.args], env=self.env, stdout=out, stderr=out, cwd=ROOT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {self.log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=5).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"server did not start: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to clean up, like a power cut."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def token(base: str, username: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    response = httpx.post(f"{base}/api/v1/auth/token", data={"username": username, "password": password}, timeout=30)
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def server_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "TTCS_DATABASE_URL": database_url,
        "TTCS_VAR_DIR": str(tmp_path),
        "TTCS_SECRET_KEY": "k" * 40,
        "TTCS_LOG_LEVEL": "warning",
        "TTCS_EMBEDDED_WORKER": "false",
    }
