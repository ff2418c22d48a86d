"""The one small interface every TTS engine implements, and the audio it returns.

An engine turns one sentence of normalised Vietnamese into mono samples. Everything else — splitting
long texts, running sentences in parallel, pauses, loudness, encodings — is done once, outside the
engines (`voice.tts.pipeline`, `voice.audio`), so a new engine is one small class.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np


@dataclass(frozen=True)
class Voice:
    """What an operator chooses and what a listener hears, described."""

    id: str
    engine: str
    language: str
    sample_rate: int
    license: str
    name: str = ""


@dataclass
class Audio:
    """Mono 16-bit samples at `rate` Hz."""

    samples: np.ndarray
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate if self.rate else 0.0

    @classmethod
    def silence(cls, seconds: float, rate: int) -> Audio:
        return cls(np.zeros(int(seconds * rate), dtype=np.int16), rate)

    @classmethod
    def from_float(cls, samples: np.ndarray, rate: int) -> Audio:
        clipped = np.clip(np.nan_to_num(samples.astype(np.float32).reshape(-1)), -1.0, 1.0)
        return cls((clipped * 32767).astype(np.int16), rate)

    @classmethod
    def from_wav(cls, data: bytes) -> Audio:
        with wave.open(io.BytesIO(data)) as wav:
            frames = wav.readframes(wav.getnframes())
            samples = np.frombuffer(frames, dtype=np.int16)
            if wav.getnchannels() > 1:
                samples = samples.reshape(-1, wav.getnchannels()).mean(axis=1).astype(np.int16)
            return cls(samples.copy(), wav.getframerate())

    def to_wav(self) -> bytes:
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(self.rate)
            wav.writeframes(self.samples.astype(np.int16).tobytes())
        return buffer.getvalue()

    def resampled(self, rate: int) -> Audio:
        """Linear resampling: enough to join sentences of one engine; ffmpeg does the real work."""
        if rate == self.rate or len(self.samples) == 0:
            return Audio(self.samples, rate)
        count = round(len(self.samples) * rate / self.rate)
        positions = np.linspace(0, len(self.samples) - 1, count)
        return Audio(np.interp(positions, np.arange(len(self.samples)), self.samples).astype(np.int16), rate)

    @classmethod
    def join(cls, parts: list[Audio], pauses: list[float]) -> Audio:
        """Concatenate `parts`, with `pauses[i]` seconds of silence after part i."""
        if not parts:
            return cls(np.zeros(0, dtype=np.int16), 22050)
        rate = parts[0].rate
        chunks: list[np.ndarray] = []
        for part, pause in zip(parts, pauses, strict=True):
            chunks.append(part.resampled(rate).samples)
            if pause > 0:
                chunks.append(np.zeros(int(pause * rate), dtype=np.int16))
        return cls(np.concatenate(chunks), rate)


@runtime_checkable
class TTSEngine(Protocol):
    """Say one sentence. Raise `voice.errors.EngineUnavailable` when the engine cannot."""

    name: str

    @property
    def voice(self) -> Voice: ...

    def synthesize(self, text: str) -> Audio: ...
