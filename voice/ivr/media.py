"""The audio of every call, carried by one thread.

Each call has an `RtpStream`: a UDP socket, a queue of telephone audio to send, and callbacks for
what the caller sends (audio frames in order, key presses). The `MediaEngine` thread sends every
stream's next 20 ms frame on an absolute schedule (a late wake-up sends the frames it owes at once
instead of drifting), and reads whatever arrives in between. One thread for all calls keeps the
timing even when there are dozens of calls on two cores, where a pair of sleeping threads per
call (pyVoIP's own RTP) drifts and bunches packets.

Audio is queued as 8 kHz μ-law (what the prompt cache holds) and sent as μ-law or A-law, whichever
the caller offered first. Silence is sent between prompts, as telephones expect.
"""

from __future__ import annotations

import contextlib
import logging
import random
import selectors
import socket
import threading
import time
from collections.abc import Callable

from voice.asr.g711 import alaw_to_pcm, ulaw_to_alaw_table, ulaw_to_pcm
from voice.ivr import rtp

log = logging.getLogger(__name__)

RESYNC_SECONDS = 0.2  # further behind than this, a stream skips ahead instead of bursting


class RtpStream:
    """One call's audio. Callbacks run on the media thread: they must be quick."""

    def __init__(self, engine: MediaEngine, sock: socket.socket) -> None:
        self.engine = engine
        self.sock = sock
        self.local_ip, self.local_port = sock.getsockname()[:2]
        self.remote: tuple[str, int] | None = None
        self.payload_type = rtp.PCMU
        self.event_type: int | None = 101
        self.on_audio: Callable[[bytes], None] | None = None  # 16-bit PCM, 20 ms, in order
        self.on_dtmf: Callable[[str], None] | None = None
        self.on_played: Callable[[object], None] | None = None  # a queued item finished playing
        self._lock = threading.Lock()
        self._out = bytearray()
        self._sent = 0  # bytes of _out already sent
        self._marks: list[tuple[int, object]] = []  # (end offset in _out, tag)
        self._talking = False
        self._sequence = random.randrange(0x10000)
        self._timestamp = random.randrange(0x100000000)
        self._ssrc = random.randrange(1, 0x100000000)
        self._jitter = rtp.JitterBuffer()
        self._dtmf = rtp.DtmfDetector()
        self.due = 0.0
        self.sent_packets = 0
        self.late_packets = 0
        self.received_packets = 0
        self.closed = False

    # -- control (any thread) ------------------------------------------------------------------

    def connect(self, ip: str, port: int, payload_type: int = rtp.PCMU, event_type: int | None = 101) -> None:
        self.remote = (ip, port)
        self.payload_type = payload_type
        self.event_type = event_type

    def play(self, ulaw: bytes, tag: object = None) -> None:
        """Queue audio after what is already queued; `on_played(tag)` when it has all been sent."""
        with self._lock:
            self._out += ulaw
            self._marks.append((len(self._out), tag))

    def stop_playback(self) -> None:
        """Barge-in: drop everything queued (its tags are never reported played)."""
        with self._lock:
            del self._out[:]
            self._sent = 0
            self._marks.clear()

    @property
    def playing(self) -> bool:
        with self._lock:
            return self._sent < len(self._out)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.engine.remove(self)

    # -- media thread --------------------------------------------------------------------------

    def send_next(self) -> None:
        done: list[object] = []
        with self._lock:
            chunk = bytes(self._out[self._sent : self._sent + rtp.FRAME_SAMPLES])
            self._sent += len(chunk)
            while self._marks and self._marks[0][0] <= self._sent:
                done.append(self._marks.pop(0)[1])
            if self._sent >= len(self._out) and self._out:
                del self._out[:]
                self._sent = 0
        marker = bool(chunk) and not self._talking
        self._talking = bool(chunk)
        if len(chunk) < rtp.FRAME_SAMPLES:
            chunk += rtp.ULAW_SILENCE[len(chunk) :]
        if self.payload_type == rtp.PCMA:
            chunk = chunk.translate(ulaw_to_alaw_table())
        packet = rtp.Packet(self.payload_type, marker, self._sequence, self._timestamp, self._ssrc, chunk)
        self._sequence = (self._sequence + 1) & 0xFFFF
        self._timestamp = (self._timestamp + rtp.FRAME_SAMPLES) & 0xFFFFFFFF
        if self.remote is not None:
            with contextlib.suppress(OSError):
                self.sock.sendto(rtp.pack(packet), self.remote)
                self.sent_packets += 1
        if self.on_played is not None:
            for tag in done:
                self.on_played(tag)

    def receive(self, data: bytes) -> None:
        packet = rtp.unpack(data)
        if packet is None:
            return
        self.received_packets += 1
        if packet.payload_type == self.event_type:
            key = self._dtmf.feed(packet)
            if key is not None and self.on_dtmf is not None:
                self.on_dtmf(key)
            return
        if packet.payload_type not in (rtp.PCMU, rtp.PCMA):
            return
        filler = rtp.silence(packet.payload_type)
        frames = self._jitter.push(packet.sequence, packet.payload, filler)
        if frames and self.on_audio is not None:
            decode = alaw_to_pcm if packet.payload_type == rtp.PCMA else ulaw_to_pcm
            for frame in frames:
                self.on_audio(decode(frame))


class MediaEngine:
    """The one media thread of the agent."""

    def __init__(self, bind_ip: str = "127.0.0.1", ports: tuple[int, int] = (10000, 20000)) -> None:
        self.bind_ip = bind_ip
        self.ports = ports
        self._streams: set[RtpStream] = set()
        self._lock = threading.Lock()
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._selector.register(self._wake_r, selectors.EVENT_READ, None)
        self._thread: threading.Thread | None = None
        self._running = False
        self.sent_packets = 0
        self.late_packets = 0  # sent more than one frame after their time

    def start(self) -> MediaEngine:
        self._running = True
        self._thread = threading.Thread(target=self._run, name="ivr-media", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._running = False
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")
        if self._thread is not None:
            self._thread.join(5)
        for stream in list(self._streams):
            stream.close()
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()

    def open_stream(self, port: int | None = None) -> RtpStream:
        """A stream on `port` if it is free, else on a free even port of the range."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        candidates = [port] if port else []
        low, high = self.ports
        candidates += [random.randrange(low, high + 1) & ~1 or low for _ in range(20)]
        for candidate in candidates:
            try:
                sock.bind((self.bind_ip, candidate))
                break
            except OSError:
                continue
        else:
            sock.bind((self.bind_ip, 0))
        sock.setblocking(False)
        stream = RtpStream(self, sock)
        stream.due = time.monotonic()
        with self._lock:
            self._streams.add(stream)
            self._selector.register(sock, selectors.EVENT_READ, stream)
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")
        return stream

    def remove(self, stream: RtpStream) -> None:
        with self._lock:
            if stream in self._streams:
                self._streams.discard(stream)
                with contextlib.suppress(KeyError, ValueError):
                    self._selector.unregister(stream.sock)
                self.sent_packets += stream.sent_packets
                self.late_packets += stream.late_packets
        stream.sock.close()

    @property
    def active(self) -> int:
        return len(self._streams)

    def _run(self) -> None:
        while self._running:
            now = time.monotonic()
            with self._lock:
                streams = list(self._streams)
            next_due = now + 0.05
            for stream in streams:
                if stream.closed:
                    continue
                if now - stream.due > RESYNC_SECONDS:
                    stream.due = now
                while stream.due <= now:
                    if now - stream.due > rtp.FRAME_SECONDS:
                        stream.late_packets += 1
                    try:
                        stream.send_next()
                    except Exception:  # a callback failed: the call's session will notice
                        log.exception("media: sending failed")
                    stream.due += rtp.FRAME_SECONDS
                next_due = min(next_due, stream.due)
            timeout = max(0.0, next_due - time.monotonic())
            try:
                ready = self._selector.select(timeout)
            except (OSError, ValueError):
                continue
            for key, _ in ready:
                if key.data is None:
                    with contextlib.suppress(OSError):
                        self._wake_r.recv(64)
                    continue
                self._drain(key.data)

    def _drain(self, stream: RtpStream) -> None:
        for _ in range(32):
            try:
                data = stream.sock.recv(2048)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            try:
                stream.receive(data)
            except Exception:
                log.exception("media: a received packet could not be handled")
