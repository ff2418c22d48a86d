"""The streaming server on this machine: a loopback Icecast (Debian `icecast2`) for the embedded setup.

`make run` runs ``python -m hub.streams.icecast -- ttcs serve …``: the hub's Icecast is configured in
``{var_dir}/icecast/`` (``icecast.xml`` and ``passwords.json``, both mode 0600, with random source and
admin passwords made once), started unless it already answers on its port, and ``ttcs serve`` gets
``TTCS_STREAM_SOURCE_URL`` / ``TTCS_STREAM_PUBLIC_URL`` pointing at it unless the operator set them.
When the command ends (Ctrl+C), the Icecast started for it is stopped.

Icecast refuses to run as root: as root it changes to the user ``icecast2`` after reading its config
and binding, so its log directory must be writable and reachable by that user. The tests' fixture
(tests/support/icecast.py) configures and starts its Icecast with the same functions.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import httpx

BINARY = "icecast2"
SYSTEM_USER = "icecast2"  # Debian's icecast2 package creates it (group `icecast`)
SYSTEM_GROUP = "icecast"
DEFAULT_PORT = 8001
SOURCE_URL = "TTCS_STREAM_SOURCE_URL"
PUBLIC_URL = "TTCS_STREAM_PUBLIC_URL"


class IcecastError(RuntimeError):
    """The streaming server cannot be started; the message is for the operator (Vietnamese)."""


@dataclass(frozen=True)
class Passwords:
    source: str
    admin: str


def config(
    port: int,
    directory: Path,
    passwords: Passwords,
    *,
    as_user: str | None,
    location: str = "TTCS",
    clients: int = 6000,
) -> str:
    """Icecast's XML config: listening on 127.0.0.1:`port` only, logs and pid file in `directory`."""
    owner = f"<changeowner><user>{as_user}</user><group>{SYSTEM_GROUP}</group></changeowner>" if as_user else ""
    return f"""<icecast>
  <location>{location}</location><admin>admin@localhost</admin>
  <limits><clients>{clients}</clients><sources>50</sources><queue-size>524288</queue-size>
    <client-timeout>30</client-timeout><header-timeout>15</header-timeout><source-timeout>5</source-timeout>
    <burst-on-connect>1</burst-on-connect><burst-size>16384</burst-size></limits>
  <authentication><source-password>{passwords.source}</source-password><relay-password>{passwords.source}</relay-password>
    <admin-user>admin</admin-user><admin-password>{passwords.admin}</admin-password></authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>{port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>1</fileserve>
  <paths><basedir>{directory}</basedir><logdir>{directory}</logdir><webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot><pidfile>{directory}/icecast.pid</pidfile></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>3</loglevel></logging>
  <security><chroot>0</chroot>{owner}</security>
</icecast>
"""


def runs_as() -> str | None:
    """The user Icecast changes to: `icecast2` when we are root (Icecast refuses root), else nobody."""
    return SYSTEM_USER if os.geteuid() == 0 else None


def answers(url: str, admin_password: str, timeout: float = 2) -> bool:
    """Whether an Icecast at `url` answers its admin stats with this admin password."""
    try:
        return httpx.get(f"{url}/admin/stats", auth=("admin", admin_password), timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def mounts(url: str, admin_password: str) -> dict[str, dict[str, str]]:
    answer = httpx.get(f"{url}/admin/stats", auth=("admin", admin_password), timeout=5)
    answer.raise_for_status()
    root = ElementTree.fromstring(answer.content)
    return {
        source.get("mount", "").lstrip("/"): {child.tag: child.text or "" for child in source}
        for source in root.iter("source")
    }


def port_taken(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


@dataclass
class Server:
    """An Icecast on 127.0.0.1:`port`; `process` is None when it was already running (not ours to stop)."""

    port: int
    directory: Path  # its logs and pid file
    passwords: Passwords
    process: subprocess.Popen[bytes] | None
    temporary: bool = False  # `directory` is a fresh one under the temp dir, removed on stop

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def source_url(self) -> str:
        """TTCS_STREAM_SOURCE_URL: where sources (the relays' ffmpeg, live broadcasts) send mounts."""
        return f"icecast://source:{self.passwords.source}@127.0.0.1:{self.port}"

    def mounts(self) -> dict[str, dict[str, str]]:
        """The mounts Icecast serves now and their figures (listeners …), from its admin stats (its
        status-json.xsl is not valid JSON in 2.4 when a field is empty)."""
        return mounts(self.url, self.passwords.admin)

    def log(self) -> str:
        path = self.directory / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        if self.temporary:
            shutil.rmtree(self.directory, ignore_errors=True)


def start(
    port: int, conf: Path, directory: Path, passwords: Passwords, *, wait: float = 15, temporary: bool = False
) -> Server:
    """Start `icecast2 -c conf` (the config written by the caller) and wait until it answers."""
    if shutil.which(BINARY) is None:
        raise IcecastError("Chưa cài Icecast (gói Debian icecast2): chạy scripts/ensure-system.sh run")
    with (directory / "stdout.log").open("ab") as output:
        # its own session: the Ctrl+C of the terminal stops the command first, then we stop Icecast
        process = subprocess.Popen(
            [BINARY, "-c", str(conf)], stdin=subprocess.DEVNULL, stdout=output, stderr=output, start_new_session=True
        )
    server = Server(port, directory, passwords, process, temporary)
    deadline = time.monotonic() + wait
    # Ours must be the one answering: another Icecast that took the port first would answer too, and
    # ours, unable to bind, would then have exited.
    while not answers(server.url, passwords.admin) or process.poll() is not None:
        if process.poll() is not None or time.monotonic() > deadline:
            log = server.log()[-2000:]
            server.stop()
            raise IcecastError(f"Icecast không chạy được trên cổng {port} (mã {process.returncode}): {log}")
        time.sleep(0.2)
    return server


def passwords_in(directory: Path) -> Passwords:
    """The local Icecast's passwords, made once at random and kept in `directory`/passwords.json (0600)."""
    path = directory / "passwords.json"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        made = {"source": secrets.token_urlsafe(18), "admin": secrets.token_urlsafe(18)}
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            json.dump(made, out)
    path.chmod(0o600)
    data = json.loads(path.read_text())
    return Passwords(source=str(data["source"]), admin=str(data["admin"]))


def _reachable_by(path: Path, user: str) -> bool:
    """Whether `user` can enter every directory down to `path` (Icecast writes its logs as that user)."""
    entry = pwd.getpwnam(user)
    groups = {entry.pw_gid, *os.getgrouplist(user, entry.pw_gid)}
    for directory in [path, *path.parents]:
        info = directory.stat()
        if info.st_uid == entry.pw_uid:
            allowed = info.st_mode & stat.S_IXUSR
        elif info.st_gid in groups:
            allowed = info.st_mode & stat.S_IXGRP
        else:
            allowed = info.st_mode & stat.S_IXOTH
        if not allowed:
            return False
    return True


def _log_directory(home: Path, as_user: str | None) -> Path:
    """Where Icecast writes its logs and pid: `home`/log, or (as root, when user `icecast2` cannot reach
    `home`, e.g. a checkout under /root) a fresh directory under the system temp dir."""
    directory = home / "log"
    if as_user and not _reachable_by(home, as_user):
        directory = Path(tempfile.mkdtemp(prefix="ttcs-icecast-"))
    directory.mkdir(parents=True, exist_ok=True)
    if as_user:
        shutil.chown(directory, as_user, SYSTEM_GROUP)
        directory.chmod(0o750)
    return directory


def ensure(var_dir: Path, port: int = DEFAULT_PORT) -> Server:
    """The hub's loopback Icecast: the one already answering on `port` with our passwords, or a new one
    configured in `var_dir`/icecast/."""
    home = var_dir / "icecast"
    passwords = passwords_in(home)
    url = f"http://127.0.0.1:{port}"
    if answers(url, passwords.admin):
        return Server(port, home, passwords, None)
    if port_taken(port):
        raise IcecastError(
            f"Cổng {port} đã có chương trình khác dùng: đặt ICECAST_PORT khác (make run ICECAST_PORT=…) "
            f"hoặc đặt {SOURCE_URL} và {PUBLIC_URL} trỏ tới Icecast của bạn."
        )
    as_user = runs_as()
    directory = _log_directory(home, as_user)
    conf = home / "icecast.xml"
    conf.write_text(config(port, directory, passwords, as_user=as_user))
    conf.chmod(0o600)  # holds the passwords; Icecast reads it before changing user
    return start(port, conf, directory, passwords, temporary=not directory.is_relative_to(home))


def wanted(environ: Mapping[str, str]) -> bool:
    """Whether the local Icecast is needed: not when the operator points the hub at their own."""
    return not environ.get(SOURCE_URL, "").strip()


def serve_environment(environ: Mapping[str, str], server: Server | None) -> dict[str, str]:
    """The environment of `ttcs serve`: `environ` with the stream settings pointing at `server`, each
    unless the operator set it."""
    result = dict(environ)
    if server is not None:
        for name, value in ((SOURCE_URL, server.source_url), (PUBLIC_URL, server.url)):
            if not result.get(name, "").strip():
                result[name] = value
    return result


def run(command: Sequence[str], var_dir: Path, port: int, environ: Mapping[str, str]) -> int:
    """Run `command` (``ttcs serve …``) with the local Icecast; stop the Icecast we started afterwards."""
    server = ensure(var_dir, port) if wanted(environ) else None
    if server is not None:
        state = "đang chạy" if server.process is None else f"đã khởi động (nhật ký: {server.directory})"
        print(f"Icecast (tiếp sóng, phát trực tiếp) {state} tại {server.url}", flush=True)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        child = subprocess.Popen(list(command), env=serve_environment(environ, server))
        # `kill` (SIGTERM) of this wrapper stops the command, then the Icecast below, like Ctrl+C
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                continue  # the terminal's Ctrl+C reached the command too: wait for it to finish
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server is not None:
            server.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hub.streams.icecast", description="Run a command with the hub's loopback Icecast."
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- ttcs serve …")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("thiếu lệnh cần chạy, ví dụ: -- ttcs serve")
    from hub.config import load_settings

    try:
        return run(command, load_settings().var_dir, args.port, os.environ)
    except IcecastError as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
