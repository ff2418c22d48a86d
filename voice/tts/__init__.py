"""Text-to-speech engines behind one small interface (`TTSEngine`), chosen by configuration.

espeak   espeak-ng, always available (the embedded default)
vits     VITS voices as ONNX (coqui-exported or Piper), run by onnxruntime
coqui    coqui-tts directly (optional extra)
"""

from __future__ import annotations

from pathlib import Path

from voice.errors import EngineUnavailable
from voice.tts.base import Audio, TTSEngine, Voice
from voice.tts.pipeline import Speech, split, synthesize

__all__ = ["ENGINES", "Audio", "Speech", "TTSEngine", "Voice", "make_engine", "split", "synthesize"]

ENGINES = ("espeak", "vits", "coqui")


def make_engine(
    name: str, *, voice: str = "", model_path: str | Path = "", threads: int = 1, precision: str = "fp32"
) -> TTSEngine:
    """An engine by name. `voice` is an espeak voice ("vi", "vi-vn-x-south"); `model_path` a model file;
    `precision` "int8" runs a `vits` voice's quantised copy (`ttcs tts-quantize`)."""
    if name == "espeak":
        from voice.tts.espeak import EspeakEngine

        return EspeakEngine(voice or "vi")
    if name in ("vits", "coqui") and not model_path:
        raise EngineUnavailable(
            f"Engine `{name}` cần đường dẫn mô hình giọng đọc (TTCS_TTS_MODEL_PATH).", code="voice_model_missing"
        )
    if name == "vits":
        from voice.tts.vits import VitsEngine

        return VitsEngine(model_path, threads=threads, precision=precision)
    if name == "coqui":
        from voice.tts.coqui import CoquiEngine

        return CoquiEngine(model_path)
    raise EngineUnavailable(
        f"Không có engine đọc “{name}”. Chọn một trong: {', '.join(ENGINES)}.", code="engine_unknown"
    )
