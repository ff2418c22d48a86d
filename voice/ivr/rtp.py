"""RTP (RFC 3550) packets for telephone audio and RFC 4733/2833 telephone events, and a small
jitter buffer that puts reordered packets back in order and fills lost ones with silence.

Only what a hotline needs: G.711 μ-law (PT 0) and A-law (PT 8) at 8 kHz in 20 ms frames, and
DTMF as telephone events. A new key press is recognised by a new event timestamp, as RFC 4733
says, so a lost first packet (the one with the marker bit) does not lose the digit.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

PCMU = 0
PCMA = 8
FRAME_SAMPLES = 160  # 20 ms at 8 kHz
FRAME_SECONDS = 0.02
ULAW_SILENCE = b"\xff" * FRAME_SAMPLES
ALAW_SILENCE = b"\xd5" * FRAME_SAMPLES
EVENTS = "0123456789*#ABCD"
_HEADER = struct.Struct("!BBHII")


@dataclass(frozen=True)
class Packet:
    payload_type: int
    marker: bool
    sequence: int
    timestamp: int
    ssrc: int
    payload: bytes


def pack(packet: Packet) -> bytes:
    first = 0x80  # version 2, no padding, no extension, no CSRC
    second = (0x80 if packet.marker else 0) | (packet.payload_type & 0x7F)
    header = _HEADER.pack(first, second, packet.sequence & 0xFFFF, packet.timestamp & 0xFFFFFFFF, packet.ssrc)
    return header + packet.payload


def unpack(data: bytes) -> Packet | None:
    """A packet, or None for anything that is not RTP version 2 (RTCP, garbage)."""
    if len(data) < 12 or data[0] >> 6 != 2:
        return None
    first, second, sequence, timestamp, ssrc = _HEADER.unpack_from(data)
    payload_type = second & 0x7F
    if 72 <= payload_type <= 76:  # RTCP multiplexed on the same port
        return None
    offset = 12 + 4 * (first & 0x0F)
    if first & 0x10:  # header extension
        if len(data) < offset + 4:
            return None
        offset += 4 + 4 * struct.unpack_from("!H", data, offset + 2)[0]
    end = len(data)
    if first & 0x20 and end > offset:  # padding
        end -= data[-1]
    if end < offset:
        return None
    return Packet(payload_type, bool(second & 0x80), sequence, timestamp, ssrc, data[offset:end])


def silence(payload_type: int) -> bytes:
    return ALAW_SILENCE if payload_type == PCMA else ULAW_SILENCE


def telephone_event(payload: bytes) -> tuple[str, bool] | None:
    """(key, end of event) from an RFC 4733 payload."""
    if len(payload) < 4 or payload[0] >= len(EVENTS):
        return None
    return EVENTS[payload[0]], bool(payload[1] & 0x80)


def event_payload(key: str, end: bool, duration: int, volume: int = 10) -> bytes:
    return bytes([EVENTS.index(key), (0x80 if end else 0) | (volume & 0x3F)]) + struct.pack("!H", duration & 0xFFFF)


class DtmfDetector:
    """One digit per event. An event is new when its RTP timestamp is new (retransmitted end
    packets and the packets of a held key share one timestamp), or when a packet with the marker
    bit starts again after the event with that timestamp ended (a sender replaying a recording)."""

    def __init__(self) -> None:
        self._timestamp: int | None = None
        self._ended = False

    def feed(self, packet: Packet) -> str | None:
        found = telephone_event(packet.payload)
        if found is None:
            return None
        key, end = found
        new = packet.timestamp != self._timestamp or (packet.marker and self._ended)
        if new:
            self._timestamp = packet.timestamp
            self._ended = False
        if end:
            self._ended = True
        return key if new else None


class JitterBuffer:
    """Orders audio frames by sequence number. Frames are released once `depth` newer frames have
    arrived; a gap that stays open that long is filled with one frame of silence per lost packet
    (at most `max_gap`, a longer gap is a new talk spurt). Frames older than what was released are
    dropped."""

    def __init__(self, depth: int = 3, max_gap: int = 50) -> None:
        self.depth = depth
        self.max_gap = max_gap
        self._frames: dict[int, bytes] = {}
        self._next: int | None = None  # unwrapped sequence number expected next
        self._highest = -1
        self.lost = 0
        self.late = 0

    def push(self, sequence: int, frame: bytes, filler: bytes) -> list[bytes]:
        if self._next is None:
            self._next = sequence
            self._highest = sequence - 1
        # position relative to the next expected frame, across the 16-bit wrap
        seq = self._next + ((sequence - self._next + 0x8000) % 0x10000) - 0x8000
        if seq < self._next:
            self.late += 1
            return []
        self._frames[seq] = frame
        self._highest = max(self._highest, seq)
        out: list[bytes] = []
        while self._next <= self._highest - self.depth:
            found = self._frames.pop(self._next, None)
            if found is None:
                following = min(self._frames) if self._frames else self._highest
                gap = following - self._next
                self.lost += gap
                out.extend([filler] * min(gap, self.max_gap))
                self._next = following
                continue
            out.append(found)
            self._next += 1
        return out

    def drain(self) -> list[bytes]:
        """What is still held, in order (the call ended)."""
        out = [self._frames[s] for s in sorted(self._frames)]
        self._frames.clear()
        if self._next is not None:
            self._next = self._highest + 1
        return out
