"""`make run`'s Icecast (hub.streams.icecast): configured in var/ with random passwords kept 0600,
started on loopback where its source password works, reused when already running, and handed to
`ttcs serve` as TTCS_STREAM_SOURCE_URL / TTCS_STREAM_PUBLIC_URL unless the operator set them."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import sys

import httpx
import pytest

from hub.streams import icecast as streaming
from tests.support.players import wait_for
from tests.support.ports import free_port
from tests.support.tones import ToneSource

pytestmark = pytest.mark.skipif(shutil.which("icecast2") is None, reason="icecast2 is not installed")

OPERATOR = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/")}


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_local_icecast_answers_on_loopback_and_takes_its_source_password(tmp_path, tone_sources):
    var_dir = tmp_path / "var"
    server = streaming.ensure(var_dir, free_port())
    try:
        assert server.process is not None
        home = var_dir / "icecast"
        assert mode(home / "passwords.json") == 0o600
        assert mode(home / "icecast.xml") == 0o600
        assert server.passwords.source in (home / "icecast.xml").read_text()
        assert len(server.passwords.source) >= 20 and server.passwords.source != server.passwords.admin

        tones = ToneSource(f"{server.source_url}/thu.ogg", 1000, tmp_path / "tone.log").start()
        tone_sources.append(tones)
        wait_for(lambda: "thu.ogg" in server.mounts(), 20, "the source's mount did not appear")
        refused = httpx.put(
            f"{server.url}/sai.ogg", auth=("source", "sai-mat-khau"), headers={"Content-Type": "application/ogg"}
        )
        assert refused.status_code == 401
        assert "sai.ogg" not in server.mounts()

        again = streaming.ensure(var_dir, server.port)  # a second `make run` while this one runs
        assert again.process is None and again.passwords == server.passwords
        again.stop()  # not ours: leaves it running
        assert streaming.answers(server.url, server.passwords.admin)
    finally:
        server.stop()
    assert not server.directory.exists() or server.directory.is_relative_to(var_dir)
    assert not streaming.answers(server.url, server.passwords.admin, timeout=1)


def test_serve_gets_the_stream_settings_unless_the_operator_set_them():
    server = streaming.Server(8123, streaming.Path("/nowhere"), streaming.Passwords("nguon", "quantri"), None)

    assert streaming.wanted(OPERATOR)
    env = streaming.serve_environment(OPERATOR, server)
    assert env[streaming.SOURCE_URL] == "icecast://source:nguon@127.0.0.1:8123"
    assert env[streaming.PUBLIC_URL] == "http://127.0.0.1:8123"
    assert env["PATH"] == OPERATOR["PATH"]

    behind_proxy = {**OPERATOR, streaming.PUBLIC_URL: "http://radio.xa.example:8000"}
    env = streaming.serve_environment(behind_proxy, server)
    assert env[streaming.PUBLIC_URL] == "http://radio.xa.example:8000"
    assert env[streaming.SOURCE_URL] == "icecast://source:nguon@127.0.0.1:8123"

    own = {**OPERATOR, streaming.SOURCE_URL: "icecast://source:x@10.0.0.5:8000"}
    assert not streaming.wanted(own)
    assert streaming.serve_environment(own, None) == own


def test_run_hands_the_command_its_icecast_and_stops_it_afterwards(tmp_path):
    seen = tmp_path / "seen.txt"
    script = (
        "import os, sys, httpx; url = os.environ['TTCS_STREAM_PUBLIC_URL']; "
        "open(sys.argv[1], 'w').write(os.environ['TTCS_STREAM_SOURCE_URL'] + ' ' + url + ' ' "
        "+ str(httpx.get(url + '/status-json.xsl', timeout=5).status_code))"
    )
    port = free_port()
    handler = signal.getsignal(signal.SIGTERM)
    code = streaming.run([sys.executable, "-c", script, str(seen)], tmp_path / "var", port, OPERATOR)

    assert code == 0
    assert signal.getsignal(signal.SIGTERM) is handler  # the wrapper's SIGTERM forwarding is undone
    passwords = streaming.passwords_in(tmp_path / "var" / "icecast")
    source, public, status = seen.read_text().split()
    assert source == f"icecast://source:{passwords.source}@127.0.0.1:{port}"
    assert public == f"http://127.0.0.1:{port}" and status == "200"
    assert not streaming.answers(public, passwords.admin, timeout=1)


def test_a_port_taken_by_another_program_is_a_clear_error(tmp_path):
    import socket

    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        with pytest.raises(streaming.IcecastError, match="đã có chương trình khác dùng"):
            streaming.ensure(tmp_path / "var", other.getsockname()[1])


def test_make_run_installs_icecast_and_serves_through_the_wrapper():
    root = streaming.Path(__file__).resolve().parents[3]
    ensure = (root / "scripts" / "ensure-system.sh").read_text(encoding="utf-8")
    run_needs = ensure.split("run_needs=(", 1)[1].split("\n)", 1)[0]
    assert '"icecast2:icecast2"' in run_needs
    makefile = (root / "Makefile").read_text(encoding="utf-8").splitlines()
    recipe = makefile[makefile.index(next(line for line in makefile if line.startswith("run:"))) + 1 :]
    serve = next(line for line in recipe if "ttcs serve" in line)
    assert "-m hub.streams.icecast --port $(ICECAST_PORT) -- $(BIN)/ttcs serve" in serve
