"""A real Icecast (Debian `icecast2`) on a free loopback port with a generated config, for the relay
and live tests. As root, Icecast changes to user `icecast2` after binding (it refuses to run as
root), so its directory is a fresh one under the system temp dir owned by that user; it is removed
when the server stops."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest

from tests.support.postgres import free_port

SOURCE_PASSWORD = "nguon-thu"  # test-only: the sources' password (hub relays, ffmpeg test tones)
ADMIN_PASSWORD = "quantri-thu"
BINARY = "icecast2"


@dataclass
class Icecast:
    port: int
    directory: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def source_url(self, mount: str) -> str:
        """Where a source (ffmpeg `-f ogg|mp3 icecast://…`) sends a mount."""
        return f"icecast://source:{SOURCE_PASSWORD}@127.0.0.1:{self.port}{mount}"

    def mounts(self) -> dict[str, dict[str, str]]:
        """The mounts Icecast serves now and their figures (listeners …), from its admin stats (its
        status-json.xsl is not valid JSON in 2.4 when a field is empty)."""
        answer = httpx.get(f"{self.url}/admin/stats", auth=("admin", ADMIN_PASSWORD), timeout=5)
        answer.raise_for_status()
        root = ElementTree.fromstring(answer.content)
        return {
            source.get("mount", "").lstrip("/"): {child.tag: child.text or "" for child in source}
            for source in root.iter("source")
        }

    def log(self) -> str:
        path = self.directory / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


def config(port: int, directory: Path, *, as_user: str | None) -> str:
    owner = (
        f"<changeowner><user>{as_user}</user><group>icecast</group></changeowner>" if as_user else ""
    )  # fmt: skip
    return f"""<icecast>
  <location>TTCS test</location><admin>test@localhost</admin>
  <limits><clients>6000</clients><sources>50</sources><queue-size>524288</queue-size>
    <client-timeout>30</client-timeout><header-timeout>15</header-timeout><source-timeout>5</source-timeout>
    <burst-on-connect>1</burst-on-connect><burst-size>16384</burst-size></limits>
  <authentication><source-password>{SOURCE_PASSWORD}</source-password><relay-password>{SOURCE_PASSWORD}</relay-password>
    <admin-user>admin</admin-user><admin-password>{ADMIN_PASSWORD}</admin-password></authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>{port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>1</fileserve>
  <paths><basedir>{directory}</basedir><logdir>{directory}</logdir><webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot><pidfile>{directory}/icecast.pid</pidfile></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>3</loglevel></logging>
  <security><chroot>0</chroot>{owner}</security>
</icecast>
"""


def start_icecast(wait: float = 15) -> Icecast:
    from tests.support.players import wait_for

    if shutil.which(BINARY) is None:
        pytest.skip("icecast2 is not installed (scripts/ensure-system.sh test installs it)")
    directory = Path(tempfile.mkdtemp(prefix="ttcs-icecast-"))
    as_user = "icecast2" if os.geteuid() == 0 else None
    if as_user:
        shutil.chown(directory, as_user)
    port = free_port()
    conf = directory / "icecast.xml"
    conf.write_text(config(port, directory, as_user=as_user))
    conf.chmod(0o644)
    with (directory / "stdout.log").open("ab") as output:
        process = subprocess.Popen([BINARY, "-c", str(conf)], stdout=output, stderr=output)
    server = Icecast(port, directory, process)

    def answering() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"icecast exited ({process.returncode}): {server.log()}")
        try:
            return httpx.get(f"{server.url}/admin/stats", auth=("admin", ADMIN_PASSWORD), timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_for(answering, wait, "icecast did not answer")
    except BaseException:
        stop_icecast(server)
        raise
    return server


def stop_icecast(server: Icecast) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(5)
    shutil.rmtree(server.directory, ignore_errors=True)


@pytest.fixture
def icecast() -> Iterator[Icecast]:
    server = start_icecast()
    try:
        yield server
    finally:
        stop_icecast(server)
