"""A real Icecast (Debian `icecast2`) on a free loopback port, configured and started by the product's
`hub.streams.icecast` (the one `make run` uses) with the tests' passwords, for the relay and live tests.
As root, Icecast changes to user `icecast2` after binding (it refuses to run as root), so its directory
is a fresh one under the system temp dir owned by that user; it is removed when the server stops."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hub.streams import icecast as streaming
from tests.support.ports import free_port

SOURCE_PASSWORD = "nguon-thu"  # test-only: the sources' password (hub relays, ffmpeg test tones)
ADMIN_PASSWORD = "quantri-thu"
PASSWORDS = streaming.Passwords(source=SOURCE_PASSWORD, admin=ADMIN_PASSWORD)


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
        return streaming.mounts(self.url, ADMIN_PASSWORD)

    def log(self) -> str:
        found = [self.directory / name for name in ("stdout.log", "error.log")]
        return "\n".join(path.read_text(errors="replace") for path in found if path.exists())


def start_icecast(wait: float = 15) -> Icecast:
    if shutil.which(streaming.BINARY) is None:
        pytest.skip("icecast2 is not installed (scripts/ensure-system.sh test installs it)")
    directory = Path(tempfile.mkdtemp(prefix="ttcs-icecast-"))
    as_user = streaming.runs_as()
    if as_user:
        shutil.chown(directory, as_user)
    port = free_port()
    conf = directory / "icecast.xml"
    conf.write_text(streaming.config(port, directory, PASSWORDS, as_user=as_user, location="TTCS test"))
    conf.chmod(0o644)
    for attempt in range(3):  # a loopback port can be taken between choosing it and binding it
        try:
            server = streaming.start(port, conf, directory, PASSWORDS, wait=wait)
            break
        except streaming.IcecastError as error:
            if attempt == 2:
                shutil.rmtree(directory, ignore_errors=True)
                raise AssertionError(str(error)) from error
            port = free_port()
            conf.write_text(streaming.config(port, directory, PASSWORDS, as_user=as_user, location="TTCS test"))
    assert server.process is not None
    return Icecast(port, directory, server.process)


def stop_icecast(server: Icecast) -> None:
    if server.process.poll() is not None:  # it died during the test: say why, in the test's output
        code = server.process.returncode
        print(f"Icecast on port {server.port} exited ({code}) before the test ended:\n{server.log()[-3000:]}")
    streaming.Server(server.port, server.directory, PASSWORDS, server.process).stop()
    shutil.rmtree(server.directory, ignore_errors=True)


@pytest.fixture
def icecast() -> Iterator[Icecast]:
    server = start_icecast()
    try:
        yield server
    finally:
        stop_icecast(server)
