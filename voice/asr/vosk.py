"""The vosk engine: a Kaldi model loaded once, a stream per call."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from voice.asr.g711 import alaw_to_pcm, ulaw_to_pcm
from voice.errors import EngineUnavailable

PHONE_RATE = 8000


@dataclass(frozen=True)
class Result:
    text: str
    final: bool
    words: list[dict[str, Any]] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        scores = [float(w.get("conf", 0.0)) for w in self.words]
        return min(scores) if scores else 0.0


def model_rate(path: Path) -> int:
    """The sample rate a vosk model was trained on (conf/mfcc.conf), 16 kHz when it does not say."""
    conf = path / "conf" / "mfcc.conf"
    if conf.is_file():
        found = re.search(r"--sample-frequency=(\d+)", conf.read_text())
        if found:
            return int(found.group(1))
    return 16000


def resample(pcm: bytes, source: int, target: int) -> bytes:
    """16-bit mono PCM from `source` to `target` Hz (linear interpolation: fine for speech features)."""
    if source == target or not pcm:
        return pcm
    samples = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype=np.int16).astype(np.float32)
    count = round(len(samples) * target / source)
    positions = np.arange(count) * (source / target)
    resampled: bytes = np.interp(positions, np.arange(len(samples)), samples).astype(np.int16).tobytes()
    return resampled


class VoskRecognizer:
    def __init__(self, model_path: str | Path) -> None:
        self.path = Path(model_path)
        if not (self.path / "am").is_dir() and not (self.path / "conf").is_dir():
            raise EngineUnavailable(
                f"Không tìm thấy mô hình nhận dạng giọng nói vosk tại {self.path}.", code="asr_model_missing"
            )
        self.rate = model_rate(self.path)
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                import vosk

                vosk.SetLogLevel(-1)
                try:
                    self._model = vosk.Model(str(self.path))
                except Exception as exc:  # vosk raises a bare Exception when a model fails to load
                    raise EngineUnavailable(
                        f"Không nạp được mô hình vosk {self.path}: {exc}", code="asr_model_invalid"
                    ) from exc
            return self._model

    def stream(
        self,
        *,
        grammar: Sequence[str] | None = None,
        rate: int = PHONE_RATE,
        encoding: str = "pcm",
        allow_unknown: bool = False,
    ) -> Stream:
        """A recognition stream for one utterance or call. `encoding`: pcm (16-bit), ulaw or alaw.

        With a `grammar`, only its words (and, with `allow_unknown`, the model's "[unk]" for anything
        else, when the model has it) can be heard."""
        import vosk

        model = self._load()
        if grammar:
            words = list(dict.fromkeys(w.strip().lower() for w in grammar if w.strip()))
            if allow_unknown:
                words.append("[unk]")
            recognizer = vosk.KaldiRecognizer(model, self.rate, json.dumps(words, ensure_ascii=False))
        else:
            recognizer = vosk.KaldiRecognizer(model, self.rate)
        recognizer.SetWords(True)
        return Stream(recognizer, rate, self.rate, encoding)

    def recognize(
        self, audio: bytes, *, grammar: Sequence[str] | None = None, rate: int = PHONE_RATE, encoding: str = "pcm"
    ) -> Result:
        """A whole utterance at once: its final result."""
        stream = self.stream(grammar=grammar, rate=rate, encoding=encoding)
        for _ in stream.feed(audio):
            pass
        return stream.finish()


class Stream:
    CHUNK = 4000  # bytes of model-rate PCM per call into Kaldi (0.125 s at 16 kHz)

    def __init__(self, recognizer: Any, source_rate: int, model_rate_: int, encoding: str) -> None:
        self._recognizer = recognizer
        self._source_rate = source_rate
        self._model_rate = model_rate_
        self._decode = {"pcm": lambda b: b, "ulaw": ulaw_to_pcm, "alaw": alaw_to_pcm}[encoding]
        self.finals: list[Result] = []

    def feed(self, chunk: bytes) -> Iterator[Result]:
        """Feed audio; yields a partial result as the words come and a final one at each pause."""
        pcm = resample(self._decode(chunk), self._source_rate, self._model_rate)
        for start in range(0, len(pcm), self.CHUNK):
            if self._recognizer.AcceptWaveform(pcm[start : start + self.CHUNK]):
                result = _parse(self._recognizer.Result(), final=True)
                if result.text:
                    self.finals.append(result)
                    yield result
            else:
                partial = json.loads(self._recognizer.PartialResult()).get("partial", "")
                if partial:
                    yield Result(partial, final=False)

    def finish(self) -> Result:
        """The end of the audio: the last final result, joined with those before it."""
        last = _parse(self._recognizer.FinalResult(), final=True)
        if last.text:
            self.finals.append(last)
        text = " ".join(r.text for r in self.finals).strip()
        words = [w for r in self.finals for w in r.words]
        return Result(text, final=True, words=words)


def _parse(raw: str, *, final: bool) -> Result:
    data = json.loads(raw or "{}")
    words = [w for w in data.get("result", []) if w.get("word") != "[unk]"]
    text = " ".join(w for w in data.get("text", "").split() if w != "[unk]")
    return Result(text, final=final, words=words)
