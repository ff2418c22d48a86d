"""A real nginx (Debian `nginx`) in front of a hub on loopback, configured from the production file
`deploy/nginx.conf` itself: only the upstream address, the port and the audio store's folder are
changed, so a test through it checks the configuration that production runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support.ports import free_port

DEPLOYED = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
BINARY = "/usr/sbin/nginx"


@dataclass
class Nginx:
    port: int
    directory: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, f"deploy/nginx.conf no longer has {old!r}: update tests/support/nginx.py"
    return text.replace(old, new)


def site(hub: str, port: int, var_dir: Path) -> str:
    """deploy/nginx.conf for a hub at `hub` ("127.0.0.1:8123"), listening on `port`."""
    text = _replace(DEPLOYED.read_text(), "server hub:8000;", f"server {hub};")
    text = _replace(text, "listen 80;", f"listen 127.0.0.1:{port};")
    return _replace(text, "alias /var/lib/ttcs/audio/;", f"alias {var_dir / 'audio'}/;")


def _with(server: str, extra: str) -> str:
    head, _, _ = server.rstrip().rpartition("}")
    return f"{head}\n{extra}\n}}\n" if extra else server


def start_nginx(hub: str, var_dir: Path, workers: int = 1, extra: str = "", wait: float = 15) -> Nginx:
    """nginx in front of `hub`; `extra`: more directives for its server block (a benchmark's peer)."""
    if not Path(BINARY).exists():
        pytest.skip("nginx is not installed (scripts/ensure-system.sh test installs it)")
    directory = Path(tempfile.mkdtemp(prefix="ttcs-nginx-"))
    port = free_port()
    # As root the workers would switch to `nobody`, who cannot read pytest's private temp folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (directory / "nginx.conf").write_text(
        f"{user}worker_processes {workers};\npid {directory}/nginx.pid;\nerror_log {directory}/error.log warn;\n"
        "events { worker_connections 8192; }\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path {directory};\n"
        f"  proxy_temp_path {directory};\n  sendfile on;\n{_with(site(hub, port, var_dir), extra)}\n}}\n"
    )
    command = [BINARY, "-p", str(directory), "-e", str(directory / "error.log"), "-c", str(directory / "nginx.conf")]
    process = subprocess.Popen(
        [*command, "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = directory / "error.log"
            raise RuntimeError(f"nginx did not start: {log.read_text() if log.exists() else process.returncode}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/_nginx_up", timeout=1)
            return Nginx(port, directory, process)
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("nginx did not answer in time")
