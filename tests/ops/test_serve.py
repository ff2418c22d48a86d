"""`ttcs serve --workers N` on a busy machine: every worker comes up and none is killed on start."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.support.server import Server


@pytest.mark.slow
def test_several_workers_start_on_a_busy_two_core_machine(database_url: str, tmp_path: Path):
    """Two busy loops take both cores while the hub starts two workers. Each worker imports and builds
    the whole app before it can answer the supervisor's health ping; with uvicorn's 5-s default they
    were killed again and again and the hub never answered."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    log = tmp_path / "serve.log"
    server = Server(
        {
            "TTCS_DATABASE_URL": database_url,
            "TTCS_VAR_DIR": str(tmp_path),
            "TTCS_SECRET_KEY": "x" * 40,
            "TTCS_EMBEDDED_WORKER": "false",
            "TTCS_LOG_LEVEL": "info",
        },
        log,
        "--workers",
        "2",
        "--no-migrate",
    )
    try:
        server.start(timeout=300)
        deadline = time.monotonic() + 300
        while log.read_text().count("Application startup complete.") < 2:
            assert time.monotonic() < deadline, f"the second worker never started:\n{log.read_text()[-3000:]}"
            assert server.process is not None and server.process.poll() is None, log.read_text()[-3000:]
            time.sleep(0.2)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait(10)
    try:
        answers = [httpx.get(f"{server.url}/healthz", timeout=30) for _ in range(10)]
    finally:
        server.stop()
    assert {a.status_code for a in answers} == {200}
    output = log.read_text()
    assert "died" not in output and "not ready" not in output, output[-3000:]
    assert output.count("Started server process") == 2, "two workers, none replaced"
