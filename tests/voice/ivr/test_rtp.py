"""RTP on the line: packets, key presses, reordered and lost audio, and the media engine's streams."""

from __future__ import annotations

import socket
import time

import numpy as np

from voice.asr.g711 import pcm_to_ulaw, ulaw_to_pcm
from voice.ivr import rtp
from voice.ivr.media import MediaEngine


def _packet(seq: int, payload: bytes = b"a" * 160, pt: int = rtp.PCMU, ts: int = 0, marker: bool = False) -> bytes:
    return rtp.pack(rtp.Packet(pt, marker, seq & 0xFFFF, ts, 1234, payload))


def test_packets_round_trip_and_garbage_is_refused() -> None:
    packet = rtp.unpack(_packet(65535, b"xyz", ts=99, marker=True))
    assert packet is not None
    assert (packet.sequence, packet.timestamp, packet.marker, packet.payload) == (65535, 99, True, b"xyz")
    assert rtp.unpack(b"\x00" * 20) is None  # not version 2
    assert rtp.unpack(b"\x80\xc8" + b"\x00" * 30) is None  # RTCP sender report on the same port


def test_a_key_press_counts_once_however_many_packets_carry_it() -> None:
    detector = rtp.DtmfDetector()
    heard = []
    for ts, key in ((1000, "5"), (2000, "5"), (3000, "#")):
        for i in range(6):  # start, continuation, three end packets: all with one timestamp
            packet = rtp.unpack(_packet(i, rtp.event_payload(key, i >= 3, 160 * i), pt=101, ts=ts, marker=i == 0))
            assert packet is not None
            found = detector.feed(packet)
            if found:
                heard.append(found)
    assert heard == ["5", "5", "#"]


def test_the_first_packet_of_a_key_may_be_lost() -> None:
    detector = rtp.DtmfDetector()
    packet = rtp.unpack(_packet(7, rtp.event_payload("3", False, 320), pt=101, ts=5000))
    assert packet is not None and detector.feed(packet) == "3"  # no marker bit: still a new key


def test_reordered_audio_comes_out_in_order_and_lost_frames_as_silence() -> None:
    buffer = rtp.JitterBuffer(depth=2)
    out: list[bytes] = []
    for seq in (65534, 65535, 1, 0, 3, 4, 5, 6):  # across the wrap, 0 and 1 swapped, 2 lost
        out += buffer.push(seq, bytes([seq % 256]), b"-")
    out += buffer.drain()
    assert out == [
        bytes([254]),
        bytes([255]),
        bytes([0]),
        bytes([1]),
        b"-",
        bytes([3]),
        bytes([4]),
        bytes([5]),
        bytes([6]),
    ]
    assert buffer.lost == 1
    assert buffer.push(1, b"late", b"-") == [] and buffer.late == 1


def test_mu_law_round_trip_keeps_speech() -> None:
    tone = (np.sin(np.arange(800) / 8000 * 2 * np.pi * 440) * 10000).astype(np.int16)
    back = np.frombuffer(ulaw_to_pcm(pcm_to_ulaw(tone.tobytes())), dtype=np.int16)
    assert np.corrcoef(tone, back)[0, 1] > 0.999


def test_a_stream_sends_what_it_plays_paced_and_reports_keys_and_audio() -> None:
    engine = MediaEngine().start()
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", 0))
    peer.settimeout(2)
    try:
        stream = engine.open_stream()
        stream.connect("127.0.0.1", peer.getsockname()[1])
        keys: list[str] = []
        frames: list[bytes] = []
        played: list[object] = []
        stream.on_dtmf, stream.on_audio, stream.on_played = keys.append, frames.append, played.append
        stream.play(b"\x10" * 800, tag="prompt")  # five frames of something loud
        received = []
        while len(received) < 12:
            data, _ = peer.recvfrom(2048)
            received.append(rtp.unpack(data))
        payloads = [p.payload for p in received if p is not None]
        assert b"\x10" * 160 in payloads and payloads[-1] == rtp.ULAW_SILENCE  # then silence, as phones expect
        assert played == ["prompt"]
        target = ("127.0.0.1", stream.local_port)
        for seq in range(10):
            peer.sendto(_packet(seq, b"\x20" * 160, ts=seq * 160), target)
        peer.sendto(_packet(11, rtp.event_payload("7", False, 160), pt=101, ts=9999, marker=True), target)
        deadline = time.monotonic() + 2
        while (len(frames) < 5 or not keys) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert keys == ["7"] and len(frames) >= 5 and len(frames[0]) == 320  # 20 ms of 16-bit PCM
        stream.play(b"\x10" * 16000, tag="long")
        stream.stop_playback()  # barge-in
        assert not stream.playing
    finally:
        engine.stop()
        peer.close()
