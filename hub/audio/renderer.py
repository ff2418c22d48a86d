"""From text or a recording to stored audio files: the `voice` package driven by the hub's settings.

Nothing here touches the database: the render job and the preview call these between reading
what to say and recording what was made, so a long synthesis never holds a write transaction.
"""

from __future__ import annotations

import functools
import hashlib
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hub.audio.model import AudioFile, Rendering, Source
from hub.audio.storage import Storage
from hub.config import Settings
from hub.kit.time import utcnow
from voice.audio import DEVICE_FORMATS, FORMATS, Encoded, Options, decode, probe, render
from voice.errors import EngineUnavailable
from voice.settings import VoiceSettings
from voice.tts import TTSEngine, make_engine, synthesize
from voice.tts.vits import quantized_path

PIPELINE_VERSION = 1  # bump when the audio pipeline changes what it produces: every key changes


@dataclass(frozen=True)
class SpeechSettings:
    engine: str
    model_path: str
    voice: str
    region: str
    loudness: float
    chime: str
    max_chars: int
    threads: int
    precision: str = "fp32"

    @classmethod
    def of(cls, settings: Settings) -> SpeechSettings:
        voice = settings.of(VoiceSettings)
        return cls(
            engine=voice.tts_engine,
            model_path=voice.tts_model_path,
            voice=voice.tts_voice,
            region=voice.tts_region,
            loudness=voice.loudness_target,
            chime=voice.audio_chime,
            max_chars=voice.tts_max_chars,
            threads=voice.tts_threads,
            precision=voice.tts_precision,
        )

    def options(self) -> Options:
        return Options(loudness=self.loudness, chime=self.chime)


def _file_identity(path: str) -> list[object]:
    """A model or chime file as part of a key: its path, size and modification time."""
    if not path or path == "builtin":
        return [path]
    found = Path(path)
    if not found.is_file():
        return [path]
    stat = found.stat()
    return [str(found.resolve()), stat.st_size, stat.st_mtime_ns]


def tts_key(text: str, lang: str, engine: str, speech: SpeechSettings) -> str:
    model = speech.model_path if engine != "espeak" else ""
    if engine == "vits" and speech.precision != "fp32":
        model = str(quantized_path(model))
    voice = speech.voice if engine == "espeak" else ""
    return _digest(
        {
            "pipeline": PIPELINE_VERSION,
            "source": "tts",
            "text": text,
            "lang": lang,
            "engine": engine,
            "voice": voice,
            "model": _file_identity(model),
            "loudness": speech.loudness,
            "chime": _file_identity(speech.chime),
            "formats": list(DEVICE_FORMATS),
        }
    )


def recording_key(sha256: str, speech: SpeechSettings) -> str:
    return _digest(
        {
            "pipeline": PIPELINE_VERSION,
            "source": "recording",
            "recording": sha256,
            "loudness": speech.loudness,
            "chime": _file_identity(speech.chime),
            "formats": list(DEVICE_FORMATS),
        }
    )


def _digest(data: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@functools.lru_cache(maxsize=8)
def _engine(name: str, model_path: str, voice: str, threads: int, precision: str = "fp32") -> TTSEngine:
    return make_engine(name, voice=voice, model_path=model_path, threads=max(1, threads), precision=precision)


def engine_for(name: str, speech: SpeechSettings) -> TTSEngine:
    """One engine per configuration and process (a VITS model is loaded once)."""
    if name == "espeak":
        return _engine("espeak", "", speech.voice, 1)
    return _engine(name, speech.model_path, "", 1, speech.precision if name == "vits" else "fp32")


def check(hub_settings: Settings) -> None:
    """Start-up check: the configured model exists (the error names the setting)."""
    from hub.kit.errors import ConfigurationError

    settings = hub_settings.of(VoiceSettings)
    if settings.tts_engine in ("vits", "coqui"):
        path = settings.tts_model_path
        if not path:
            raise ConfigurationError(f"TTCS_TTS_MODEL_PATH must be set when TTCS_TTS_ENGINE={settings.tts_engine}")
        if not Path(path).is_file():
            raise ConfigurationError(f"TTCS_TTS_MODEL_PATH: no voice model at {path}")
        if settings.tts_engine == "vits" and not Path(f"{path}.json").is_file():
            raise ConfigurationError(f"TTCS_TTS_MODEL_PATH: the voice config {path}.json is missing")
        if settings.tts_engine == "vits" and settings.tts_precision == "int8" and not quantized_path(path).is_file():
            raise ConfigurationError(
                f"TTCS_TTS_PRECISION=int8: no quantised voice at {quantized_path(path)} "
                f"(run `ttcs tts-quantize {path}`)"
            )
    if settings.asr_model_path and not Path(settings.asr_model_path).is_dir():
        raise ConfigurationError(f"TTCS_ASR_MODEL_PATH: no vosk model directory at {settings.asr_model_path}")
    if settings.audio_chime not in ("", "builtin") and not Path(settings.audio_chime).is_file():
        raise ConfigurationError(f"TTCS_AUDIO_CHIME: no audio file at {settings.audio_chime}")


def _store(storage: Storage, key: str, made: dict[str, Encoded], rendering: Rendering) -> Rendering:
    for name, encoded in made.items():
        fmt = FORMATS[name]
        storage_key = f"renders/{key[:2]}/{key}.{name}.{fmt.extension}"
        storage.put_file(storage_key, encoded.path)
        rendering.files.append(
            AudioFile(
                format=name,
                storage_key=storage_key,
                sha256=encoded.sha256,
                bytes=encoded.bytes,
                duration_ms=round(encoded.duration * 1000),
            )
        )
    return rendering


def speak(
    text: str,
    lang: str,
    engine_name: str,
    speech: SpeechSettings,
    storage: Storage,
    warnings: list[str],
    progress: Callable[[int, int], None] | None = None,
) -> Rendering:
    """Synthesise normalised `text` with `engine_name`, process it, store every format
    (`progress(done, total)`: the text's pieces said so far)."""
    engine = engine_for(engine_name, speech)
    spoken = synthesize(engine, text, parallel=speech.threads or None, progress=progress)
    if spoken.dropped:
        warnings = [*warnings, "Giọng đọc không có âm cho các ký tự (đã bỏ qua): " + " ".join(spoken.dropped)]
    key = tts_key(text, lang, engine_name, speech)
    rendering = Rendering(
        key=key,
        source=Source.TTS,
        engine=engine_name,
        voice=engine.voice.id,
        lang=lang,
        text=text,
        duration_ms=0,
        warnings=warnings,
        created_at=utcnow(),
    )
    with tempfile.TemporaryDirectory(prefix="ttcs-render-") as tmp:
        made = render(spoken.audio, speech.options(), DEVICE_FORMATS, Path(tmp), stem=key[:16])
        _store(storage, key, made, rendering)
    rendering.duration_ms = max(f.duration_ms for f in rendering.files)
    return rendering


def process_recording(path: Path, sha256: str, lang: str, speech: SpeechSettings, storage: Storage) -> Rendering:
    """An uploaded recording through the same pipeline (chime, loudness, formats)."""
    probe(path)
    audio = decode(path)
    key = recording_key(sha256, speech)
    rendering = Rendering(
        key=key,
        source=Source.RECORDING,
        engine="recording",
        voice="",
        lang=lang,
        text="",
        duration_ms=0,
        warnings=[],
        created_at=utcnow(),
    )
    with tempfile.TemporaryDirectory(prefix="ttcs-render-") as tmp:
        made = render(audio, speech.options(), DEVICE_FORMATS, Path(tmp), stem=key[:16])
        _store(storage, key, made, rendering)
    rendering.duration_ms = max(f.duration_ms for f in rendering.files)
    return rendering


def describe(error: Exception) -> str:
    if isinstance(error, EngineUnavailable):
        return error.detail
    return f"{type(error).__name__}: {error}"
