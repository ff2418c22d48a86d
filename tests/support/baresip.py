"""baresip, a real softphone, as a caller in the hotline's tests."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import wave
from pathlib import Path

import numpy as np

from tests.support.ports import free_port
from tests.support.sip import wait_for

SHIPPED = Path(__file__).resolve().parents[2] / "deploy" / "baresip" / "config"


class Baresip:
    """baresip, a real softphone, driven through its ctrl_tcp interface; what it hears is dumped to a
    WAV file by its sndfile module. Its configuration is the one the README gives newcomers
    (deploy/baresip: no sound card), with a silent file as the microphone and a control socket instead of stdin."""

    def __init__(self, workdir: Path, number: str) -> None:
        self.dir = workdir
        (workdir / "heard").mkdir(parents=True, exist_ok=True)
        self.ctrl = free_port()
        silence = workdir / "silence.wav"  # the tests' own microphone: silence, so no tone reaches the IVR
        with wave.open(str(silence), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(8000)
            out.writeframes(bytes(8000 * 2 * 120))
        (workdir / "config").write_text(
            "".join(
                f"{line}\n"
                for line in SHIPPED.read_text().splitlines()
                if line.strip() and not line.startswith(("#", "module stdio", "snd_path", "audio_source", "ausrc_"))
            )
            + f"audio_source aufile,{silence}\nmodule ctrl_tcp.so\n"
            + f"snd_path {workdir / 'heard'}\nctrl_tcp_listen 127.0.0.1:{self.ctrl}\n"
        )
        (workdir / "accounts").write_text(f"<sip:{number}@127.0.0.1>;regint=0;audio_codecs=PCMU\n")
        self.log = workdir / "baresip.log"
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                ["baresip", "-f", str(workdir)], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        wait_for(self._listening, 10, "baresip to start")

    def _listening(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.ctrl), timeout=0.5).close()
            return True
        except OSError:
            return False

    def command(self, command: str, params: str = "") -> None:
        body = json.dumps({"command": command, "params": params, "token": "t"}).encode()
        with socket.create_connection(("127.0.0.1", self.ctrl), timeout=3) as sock:
            sock.sendall(str(len(body)).encode() + b":" + body + b",")
            with contextlib.suppress(OSError):
                sock.recv(4096)

    def established(self) -> bool:
        return "Call established" in self.log.read_text(errors="replace")

    def heard(self) -> np.ndarray:
        """What the softphone played to its user (the decoded audio of the call)."""
        found = sorted((self.dir / "heard").glob("*-dec.wav"))
        if not found:
            return np.zeros(0, dtype=np.int16)
        data = found[-1].read_bytes()
        return np.frombuffer(data[44 : 44 + (len(data) - 44) // 2 * 2], dtype=np.int16)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                self.command("quit")
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
