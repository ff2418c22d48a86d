"""Real SIP peers on loopback for the hotline's tests and benchmark.

- `Kamailio`: the shipped `deploy/kamailio/kamailio.cfg` on a free port (registrar and proxy).
- `IvrProcess`: `ttcs ivr` as a real process registered with it.
- `Caller`: a small SIP user agent client of our own (INVITE through the proxy, ACK and BYE along
  the route, answers the agent's BYE) with an RTP endpoint that records what it hears and sends
  RFC 4733 key presses and speech, so a test can act on what the caller hears (wait for the beep,
  then speak; hang up in the middle). sipp is used beside it (`sipp_call`) with its own scenario and
  the RFC 2833 DTMF captures that ship with sip-tester.
"""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

import numpy as np

from tests.support.ports import free_port, free_ports
from tests.support.server import ROOT, TTCS
from voice.asr.g711 import pcm_to_ulaw, ulaw_to_pcm
from voice.ivr import rtp

KAMAILIO = "/usr/sbin/kamailio"
SIPP = "/usr/bin/sipp"
CONFIG = ROOT / "deploy" / "kamailio" / "kamailio.cfg"
SCENARIO = ROOT / "tests" / "support" / "sipp_uac.xml"
DTMF_PCAPS = Path("/usr/share/sip-tester")


def wait_for(condition, timeout: float = 20.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.05)


class Kamailio:
    def __init__(self, workdir: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.config = workdir / "kamailio.cfg"
        self.config.write_text(CONFIG.read_text().replace("127.0.0.1:5060", f"127.0.0.1:{self.port}"))
        self.log = workdir / "kamailio.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Kamailio:
        rundir = self.workdir / "run"
        rundir.mkdir(exist_ok=True)
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [KAMAILIO, "-f", str(self.config), "-DD", "-E", "-Y", str(rundir), "-m", "32", "-M", "4"],
                stdout=out,
                stderr=out,
                start_new_session=True,
            )
        wait_for(lambda: "ready" in self.log.read_text() or self._answers(), 15, "kamailio to listen")
        return self

    def _answers(self) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.bind(("127.0.0.1", self.port))
            except OSError:
                return True  # bound by kamailio
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the main process stops its children
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self.process = None


class IvrProcess:
    """`ttcs ivr` registered with `kamailio`, on the test's database and var dir."""

    def __init__(self, env: dict[str, str], kamailio: Kamailio, log: Path) -> None:
        self.sip_port = free_port()
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            **env,
            "TTCS_IVR_SIP_SERVER": "127.0.0.1",
            "TTCS_IVR_SIP_PORT": str(kamailio.port),
            "TTCS_IVR_LOCAL_PORT": str(self.sip_port),
            "TTCS_IVR_SIP_USER": "1900",
        }
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, kamailio: Kamailio, timeout: float = 90) -> IvrProcess:
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen([TTCS, "ivr"], env=self.env, stdout=out, stderr=out, cwd=ROOT)
        wait_for(lambda: self._registered(kamailio) or self._dead(), timeout, "ttcs ivr to register")
        if self._dead():
            raise RuntimeError(f"ttcs ivr exited: {self.log.read_text()[-3000:]}")
        return self

    def _dead(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def _registered(self, kamailio: Kamailio) -> bool:
        return "Ctrl+C" in self.log.read_text() and options_ok(kamailio.port, "1900")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def options_ok(proxy_port: int, user: str) -> bool:
    """Whether the proxy finds a registered `user`: an OPTIONS to it is answered 200 (by the agent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(1.0)
        port = sock.getsockname()[1]
        call_id = uuid.uuid4().hex
        message = (
            f"OPTIONS sip:{user}@127.0.0.1:{proxy_port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK{uuid.uuid4().hex[:12]};rport\r\n"
            f"From: <sip:probe@127.0.0.1:{port}>;tag={uuid.uuid4().hex[:8]}\r\n"
            f"To: <sip:{user}@127.0.0.1:{proxy_port}>\r\nCall-ID: {call_id}\r\nCSeq: 1 OPTIONS\r\n"
            "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
        )
        sock.sendto(message.encode(), ("127.0.0.1", proxy_port))
        try:
            data = sock.recv(4096)
        except OSError:
            return False
        return data.startswith(b"SIP/2.0 200")


# -- the caller's audio --------------------------------------------------------------------------


class RtpEndpoint:
    """The caller's side of the audio: records every packet the agent sends (with its arrival
    time), and sends key presses and speech."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.remote: tuple[str, int] | None = None
        self.received: list[tuple[float, rtp.Packet]] = []
        self._seq = random.randrange(0x10000)
        self._ts = random.randrange(0x10000000)
        self._ssrc = random.randrange(1, 0x7FFFFFFF)
        self._running = True
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while self._running:
            try:
                data, source = self.sock.recvfrom(2048)
            except (TimeoutError, OSError):
                continue
            packet = rtp.unpack(data)
            if packet is not None:
                self.remote = self.remote or source
                self.received.append((time.monotonic(), packet))

    def close(self) -> None:
        self._running = False
        self._thread.join(2)
        self.sock.close()

    def _send(self, payload_type: int, payload: bytes, marker: bool = False, advance: bool = True) -> None:
        assert self.remote is not None, "no audio from the agent yet"
        packet = rtp.Packet(payload_type, marker, self._seq, self._ts, self._ssrc, payload)
        self.sock.sendto(rtp.pack(packet), self.remote)
        self._seq = (self._seq + 1) & 0xFFFF
        if advance:
            self._ts = (self._ts + rtp.FRAME_SAMPLES) & 0xFFFFFFFF

    def press(self, keys: str, event_type: int = 101) -> None:
        """RFC 4733: a few packets per key with one timestamp, the last three marked as the end."""
        for key in keys:
            for i in range(6):
                end = i >= 3
                self._send(event_type, rtp.event_payload(key, end, 160 * (i + 1)), marker=i == 0, advance=False)
                time.sleep(0.02)
            self._ts = (self._ts + 160 * 7) & 0xFFFFFFFF
            time.sleep(0.1)

    def speak(self, pcm: bytes, *, stop: threading.Event | None = None) -> None:
        """Send 16-bit 8 kHz PCM as μ-law in real time."""
        ulaw = pcm_to_ulaw(pcm)
        start = time.monotonic()
        for n, i in enumerate(range(0, len(ulaw) - 159, 160)):
            if stop is not None and stop.is_set():
                return
            self._send(rtp.PCMU, ulaw[i : i + 160], marker=n == 0)
            delay = start + (n + 1) * 0.02 - time.monotonic()
            if delay > 0:
                time.sleep(delay)

    # what was heard

    def pcm(self, since: float = 0.0) -> np.ndarray:
        frames = [p.payload for t, p in self.received if t >= since and p.payload_type == rtp.PCMU]
        return np.frombuffer(ulaw_to_pcm(b"".join(frames)), dtype=np.int16)

    def speech_seconds(self, since: float = 0.0) -> float:
        """How long the agent sent something louder than silence (20 ms frames above -40 dBFS)."""
        loud = 0
        for t, p in self.received:
            if t < since or p.payload_type != rtp.PCMU:
                continue
            samples = np.frombuffer(ulaw_to_pcm(p.payload), dtype=np.int16).astype(np.float32)
            if np.sqrt(np.mean(samples * samples)) > 330:
                loud += 1
        return loud * 0.02

    def heard_tone(self, since: float = 0.0) -> bool:
        """The 1 kHz beep before recording (a Goertzel filter over 100 ms windows)."""
        pcm = self.pcm(since).astype(np.float32)
        window = 800
        for start in range(0, len(pcm) - window, window // 2):
            chunk = pcm[start : start + window]
            energy = float(np.sum(chunk * chunk)) + 1e-9
            k = 1000 * window / 8000
            angle = 2 * np.pi * k / window
            coeff = 2 * np.cos(angle)
            s1 = s2 = 0.0
            for x in chunk:
                s1, s2 = x + coeff * s1 - s2, s1
            power = s1 * s1 + s2 * s2 - coeff * s1 * s2
            if energy > 1e6 and power / (energy * window / 2) > 0.8:
                return True
        return False


# -- our own user agent client -------------------------------------------------------------------


class Caller:
    """Calls `user` through the proxy at `proxy_port` from `number`."""

    def __init__(self, proxy_port: int, number: str, user: str = "1900", media: RtpEndpoint | None = None) -> None:
        self.proxy = ("127.0.0.1", proxy_port)
        self.number = number
        self.user = user
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.media = media or RtpEndpoint()
        self.call_id = f"{uuid.uuid4().hex}@127.0.0.1"
        self.tag = uuid.uuid4().hex[:10]
        self.to_header = ""
        self.routes: list[str] = []
        self.remote_target = ""
        self.cseq = 1
        self.answered_at: float | None = None
        self.ended = threading.Event()  # the agent hung up
        self.final_status: int | None = None
        self._running = True
        self._responses: list[str] = []
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _via(self) -> str:
        return f"Via: SIP/2.0/UDP 127.0.0.1:{self.port};branch=z9hG4bK{uuid.uuid4().hex[:16]};rport"

    def _send(self, text: str) -> None:
        self.sock.sendto(text.encode(), self.proxy)

    def ring(self) -> None:
        """Send the INVITE and return at once (see `dial`)."""
        self.dial(timeout=0)

    def cancel(self) -> None:
        """Give up before the agent answers (RFC 3261 CANCEL: same Via branch, Call-ID and CSeq number)."""
        uri = f"sip:{self.user}@127.0.0.1:{self.proxy[1]}"
        self._send(
            f"CANCEL {uri} SIP/2.0\r\n{self.invite_via}\r\n"
            f"From: <sip:{self.number}@127.0.0.1:{self.port}>;tag={self.tag}\r\nTo: <{uri}>\r\n"
            f"Call-ID: {self.call_id}\r\nCSeq: 1 CANCEL\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
        )

    def statuses(self, method: str = "INVITE") -> list[int]:
        """The status codes of the responses to `method`, in order."""
        return [int(r.split()[1]) for r in self._responses if method in (self._header(r, "CSeq") or [""])[0]]

    def dial(self, timeout: float = 15.0) -> Caller:
        sdp = (
            f"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=test\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            f"m=audio {self.media.port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
            "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n"
        )
        self.invite_via = self._via()
        uri = f"sip:{self.user}@127.0.0.1:{self.proxy[1]}"
        self._send(
            f"INVITE {uri} SIP/2.0\r\n{self.invite_via}\r\n"
            f"From: <sip:{self.number}@127.0.0.1:{self.port}>;tag={self.tag}\r\nTo: <{uri}>\r\n"
            f"Call-ID: {self.call_id}\r\nCSeq: 1 INVITE\r\nContact: <sip:{self.number}@127.0.0.1:{self.port}>\r\n"
            f"Max-Forwards: 70\r\nContent-Type: application/sdp\r\nContent-Length: {len(sdp)}\r\n\r\n{sdp}"
        )
        if not timeout:
            return self
        wait_for(lambda: self.final_status is not None, timeout, "the agent to answer")
        if self.final_status != 200:
            raise RuntimeError(f"call refused: {self.final_status}")
        return self

    def _run(self) -> None:
        while self._running:
            try:
                data = self.sock.recv(8192).decode(errors="replace")
            except (TimeoutError, OSError):
                continue
            if data.startswith("SIP/2.0"):
                self._response(data)
            elif data.startswith("BYE"):
                self._reply_ok(data)
                self.ended.set()
                self.media.close()

    def _header(self, message: str, name: str) -> list[str]:
        return [m.group(1).strip() for m in re.finditer(rf"^{name}:(.*)$", message, re.MULTILINE | re.IGNORECASE)]

    def _response(self, data: str) -> None:
        status = int(data.split()[1])
        if "INVITE" in (self._header(data, "CSeq") or [""])[0]:
            if status >= 200 and self.final_status is None:
                self.to_header = self._header(data, "To")[0]
                self.routes = list(reversed(",".join(self._header(data, "Record-Route")).split(",")))
                self.routes = [r.strip() for r in self.routes if r.strip()]
                contact = (self._header(data, "Contact") or [""])[0]
                self.remote_target = contact.strip("<>").split(">")[0]
                self._ack()
                self.final_status = status
                self.answered_at = time.monotonic() if status == 200 else None
            elif status >= 200:
                self._ack()  # a retransmitted final response
        self._responses.append(data)

    def _route_headers(self) -> str:
        return "".join(f"Route: {r}\r\n" for r in self.routes)

    def _ack(self) -> None:
        target = self.remote_target or f"sip:{self.user}@127.0.0.1:{self.proxy[1]}"
        self._send(
            f"ACK {target} SIP/2.0\r\n{self._via()}\r\n{self._route_headers()}"
            f"From: <sip:{self.number}@127.0.0.1:{self.port}>;tag={self.tag}\r\nTo: {self.to_header}\r\n"
            f"Call-ID: {self.call_id}\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
        )

    def _reply_ok(self, request: str) -> None:
        keep = [
            line
            for line in request.split("\r\n")[1:]
            if line.split(":", 1)[0].lower() in ("via", "from", "to", "call-id", "cseq", "record-route")
        ]
        self._send("SIP/2.0 200 OK\r\n" + "\r\n".join(keep) + "\r\nContent-Length: 0\r\n\r\n")

    def hang_up(self) -> None:
        if self.ended.is_set():
            return
        self.cseq += 1
        target = self.remote_target or f"sip:{self.user}@127.0.0.1:{self.proxy[1]}"
        self._send(
            f"BYE {target} SIP/2.0\r\n{self._via()}\r\n{self._route_headers()}"
            f"From: <sip:{self.number}@127.0.0.1:{self.port}>;tag={self.tag}\r\nTo: {self.to_header}\r\n"
            f"Call-ID: {self.call_id}\r\nCSeq: {self.cseq} BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
        )
        wait_for(lambda: any(" BYE" in (self._header(r, "CSeq") or [""])[0] for r in self._responses), 10, "BYE OK")
        self.ended.set()

    def close(self) -> None:
        self._running = False
        self._thread.join(2)
        self.sock.close()
        self.media.close()


def sipp_call(
    proxy_port: int, media: RtpEndpoint, number: str, keys_pcaps: list[str], *, hold_ms: int, log_dir: Path
) -> subprocess.CompletedProcess[bytes]:
    """One call by sipp: its signalling, our RTP endpoint for what the agent plays, and sipp's own
    RFC 2833 captures (`dtmf_2833_1.pcap` …) for the keys, one every two seconds after answer."""
    scenario = log_dir / f"uac-{uuid.uuid4().hex[:6]}.xml"
    keys = "".join(
        f'<nop><action><exec play_pcap_audio="{DTMF_PCAPS / pcap}"/></action></nop><pause milliseconds="2000"/>'
        for pcap in keys_pcaps
    )
    scenario.write_text(SCENARIO.read_text().replace("<!--KEYS-->", keys).replace("[hold]", str(hold_ms)))
    sipp_port = free_port()
    # sipp's media: audio RTP and RTCP at -mp, video at -mp + 2 and + 3: four ports in a row
    return subprocess.run(
        [SIPP, f"127.0.0.1:{proxy_port}", "-sf", str(scenario), "-s", "1900", "-i", "127.0.0.1", "-p",
         str(sipp_port), "-mi", "127.0.0.1", "-mp", str(free_ports(4)), "-m", "1", "-l", "1", "-nostdin",
         "-key", "rtp_port", str(media.port), "-key", "caller", number,
         "-timeout", "90", "-timeout_error", "-trace_err", "-error_file", str(log_dir / "sipp-errors.log")],
        capture_output=True,
        timeout=120,
        cwd=log_dir,
    )  # fmt: skip
