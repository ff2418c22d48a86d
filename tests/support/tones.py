"""Test tones for the streaming tests: an ffmpeg sine source feeding an Icecast mount (a stand-in
for a provincial station or VOV), and the dominant frequency of what a player wrote."""

from __future__ import annotations

import subprocess
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest


class ToneSource:
    """`ffmpeg -re` sending a sine tone as Ogg/Vorbis to an Icecast mount until stopped."""

    def __init__(self, target: str, frequency: int, log: Path) -> None:
        self.target, self.frequency, self.log = target, frequency, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> ToneSource:
        command = [
            "ffmpeg", "-hide_banner", "-loglevel", "warning", "-re",
            "-f", "lavfi", "-i", f"sine=frequency={self.frequency}:sample_rate=44100",
            "-ac", "1", "-c:a", "libvorbis", "-b:a", "64k", "-content_type", "application/ogg",
            "-f", "ogg", self.target,
        ]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@pytest.fixture
def tone_sources() -> Iterator[list[ToneSource]]:
    started: list[ToneSource] = []
    yield started
    for source in started:
        source.stop()


def dominant_frequency(path: Path) -> float:
    """The strongest frequency (Hz) of a 16-bit PCM WAV file."""
    with wave.open(str(path), "rb") as f:
        rate, channels = f.getframerate(), f.getnchannels()
        samples = np.frombuffer(f.readframes(f.getnframes()), dtype=np.int16).astype(np.float64)
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    if samples.size < rate // 10:
        return 0.0
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(samples.size)))
    return float(np.fft.rfftfreq(samples.size, 1 / rate)[int(np.argmax(spectrum[1:])) + 1])
