"""The speech settings (TTS, loudness, chime, ASR): environment variables prefixed ``TTCS_``.

Declared here, beside the code that uses them, so that `voice` needs no hub to be configured: the
hub's audio rendering and the hotline both read them (`settings.of(VoiceSettings)` on the hub side,
`VoiceSettings()` alone in a script), and `docs/configuration.md` lists them under this module.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class VoiceSettings(BaseSettings):
    """How bulletins and the hotline's prompts are spoken, and how callers' words are recognised."""

    model_config = SettingsConfigDict(env_prefix="TTCS_", extra="ignore")

    tts_engine: Literal["espeak", "vits", "coqui"] = Field(
        "espeak",
        description="Speech engine: `espeak` (espeak-ng, always available), `vits` (a VITS voice as ONNX: "
        "coqui-exported or Piper, needs `TTCS_TTS_MODEL_PATH`), `coqui` (coqui-tts, optional extra `.[coqui]`).",
    )
    tts_model_path: str = Field(
        "",
        description="The voice model for `vits` (`voice.onnx` beside `voice.onnx.json`) or `coqui` (a checkpoint "
        "with its config). Checked at start-up.",
    )
    tts_voice: str = Field(
        "vi", description="espeak-ng voice: `vi` (northern), `vi-vn-x-central`, `vi-vn-x-south`; also the fallback."
    )
    tts_region: Literal["north", "south"] = Field(
        "north",
        description="How numbers are read: `north` (“nghìn”, “linh”: 1005 → một nghìn không trăm linh năm) or "
        "`south` (“ngàn”, “lẻ”).",
    )
    tts_max_chars: int = Field(25_000, description="Longest text synthesised at once (characters).")
    tts_fallback_after: int = Field(
        2,
        description="Attempts with the configured engine before a render falls back to espeak-ng (the failure "
        "stays visible on the audio record).",
    )
    tts_threads: int = Field(0, description="Sentences synthesised in parallel; 0 = the number of cores.")
    tts_precision: Literal["fp32", "int8"] = Field(
        "fp32",
        description="Weights of a `vits` voice: `fp32` (the model as given) or `int8` (its quantised copy "
        "`voice.int8.onnx`, made by `ttcs tts-quantize`; smaller, see docs/voice.md for speed and quality).",
    )
    loudness_target: float = Field(
        -16.0,
        description="Loudness of every rendered audio in LUFS (EBU R128 measurement). -16 suits loudspeakers and "
        "phones; broadcast practice is -23.",
    )
    audio_chime: str = Field(
        "builtin",
        description="Intro and outro chime around bulletin audio: `builtin` (two soft tones), empty for none, or the "
        "path of an audio file.",
    )
    asr_model_path: str = Field(
        "",
        description="A vosk model directory for speech recognition on the hotline (a Vietnamese model). Empty: "
        "no recognition. Checked at start-up when set.",
    )
