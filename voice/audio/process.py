"""The audio pipeline: speech (or a recording) → chime → loudness → every format devices and phones
need, each with its duration and SHA-256.

    wav      WAV 48 kHz mono 16-bit (the CLI)
    mp3      44.1 kHz mono 96 kb/s — loudspeakers and the web
    opus     Ogg/Opus 48 kHz mono 32 kb/s — devices on thin links
    ulaw     8 kHz mono G.711 μ-law in WAV — the hotline (telephone)
    alaw     8 kHz mono G.711 A-law in WAV
"""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voice.audio import ffmpeg
from voice.errors import EngineUnavailable
from voice.tts.base import Audio

MASTER_RATE = 48000
PEAK_LIMIT = 0.84  # -1.5 dBFS
CHIME_GAP = 0.35


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    args: tuple[str, ...]
    raw_args: tuple[str, ...] = ()  # headerless variant, for phone systems that want raw G.711


FORMATS: dict[str, Format] = {
    "wav": Format("wav", "wav", "audio/wav", ("-ar", "48000", "-ac", "1", "-c:a", "pcm_s16le", "-f", "wav")),
    "mp3": Format(
        "mp3",
        "mp3",
        "audio/mpeg",
        ("-ar", "44100", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "96k", "-compression_level", "7", "-f", "mp3"),
    ),
    "opus": Format(
        "opus",
        "opus",
        "audio/ogg",
        ("-ar", "48000", "-ac", "1", "-c:a", "libopus", "-b:a", "32k", "-compression_level", "3", "-f", "ogg"),
    ),
    "ulaw": Format(
        "ulaw",
        "wav",
        "audio/wav",
        ("-ar", "8000", "-ac", "1", "-c:a", "pcm_mulaw", "-f", "wav"),
        ("-ar", "8000", "-ac", "1", "-c:a", "pcm_mulaw", "-f", "mulaw"),
    ),
    "alaw": Format(
        "alaw",
        "wav",
        "audio/wav",
        ("-ar", "8000", "-ac", "1", "-c:a", "pcm_alaw", "-f", "wav"),
        ("-ar", "8000", "-ac", "1", "-c:a", "pcm_alaw", "-f", "alaw"),
    ),
}
DEVICE_FORMATS = ("mp3", "opus", "ulaw", "alaw")


@dataclass(frozen=True)
class Encoded:
    format: str
    path: Path
    sha256: str
    bytes: int
    duration: float


@dataclass(frozen=True)
class Options:
    loudness: float = -16.0  # LUFS; EBU R128 broadcast is -23, speech over loudspeakers and phones wants louder
    chime: str = ""  # "" none, "builtin" two soft tones, or the path of an audio file


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.lru_cache(maxsize=4)
def chime(spec: str) -> Audio:
    """The intro/outro chime at the master rate: two soft tones, or an operator's file."""
    if spec == "builtin":
        rate = MASTER_RATE
        t = np.arange(int(0.45 * rate)) / rate
        envelope = np.exp(-t * 6.0)
        low = np.sin(2 * np.pi * 659.25 * t) * envelope
        high = np.sin(2 * np.pi * 880.0 * t) * envelope
        tone = np.concatenate([low, high]) * 0.5
        return Audio.from_float(tone, rate)
    return ffmpeg.decode(spec, MASTER_RATE)


def with_chime(speech: Audio, spec: str) -> Audio:
    if not spec:
        return speech
    bell = chime(spec).resampled(speech.rate)
    return Audio.join([bell, speech, bell], [CHIME_GAP, CHIME_GAP, 0.0])


def measure(path: Path) -> float:
    """Integrated loudness (LUFS, EBU R128 / ITU-R BS.1770) of a file; -70 or below means silence."""
    stderr = ffmpeg.run(["-i", str(path), "-af", "ebur128", "-f", "null", "-"]).stderr.decode(errors="replace")
    found = re.findall(r"I:\s+(-?[\d.]+|-inf) LUFS", stderr)
    if not found:
        raise EngineUnavailable("ffmpeg không đo được độ to của âm thanh.", code="loudness_failed")
    return -99.0 if found[-1] == "-inf" else float(found[-1])


def render(
    speech: Audio, options: Options, formats: tuple[str, ...], outdir: Path, stem: str = "audio"
) -> dict[str, Encoded]:
    """Chime, loudness to the target (one linear gain, then a true-peak limiter), every format.

    Measuring with ffmpeg's `ebur128` and applying one gain is EBU R128 normalisation as
    `loudnorm=linear=true` does it, at a fraction of the cost (`loudnorm` works at 192 kHz): a
    60-second bulletin is measured and encoded to all formats in well under a second.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    audio = with_chime(speech, options.chime)
    source = outdir / f".{stem}.source.wav"
    source.write_bytes(audio.to_wav())
    try:
        level = measure(source)
        gain = 0.0 if level <= -70.0 else max(-30.0, min(30.0, options.loudness - level))
        chain = f"volume={gain:.2f}dB,aresample={MASTER_RATE},alimiter=limit={PEAK_LIMIT}:level=false"
        args: list[str] = ["-i", str(source), "-af", chain]
        paths: dict[str, Path] = {}
        for name in formats:
            fmt = FORMATS[name]
            path = outdir / f"{stem}.{name}.{fmt.extension}"
            args += [*fmt.args, str(path)]
            paths[name] = path
        ffmpeg.run(args)
    finally:
        source.unlink(missing_ok=True)
    seconds = audio.seconds
    return {name: Encoded(name, path, sha256_of(path), path.stat().st_size, seconds) for name, path in paths.items()}


def write(audio: Audio, path: str | Path, fmt: str, options: Options | None = None) -> Path:
    """One file in one format (the `ttcs tts` command): raw G.711 when the name ends .ulaw/.alaw/.raw."""
    path = Path(path)
    chosen = FORMATS[fmt]
    with tempfile.TemporaryDirectory(prefix="ttcs-audio-") as tmp:
        made = render(audio, options or Options(), (fmt,), Path(tmp))[fmt].path
        raw = path.suffix in (".ulaw", ".alaw", ".raw", ".mulaw", ".ul", ".al") and chosen.raw_args
        if raw:
            ffmpeg.run(["-i", str(made), *chosen.raw_args, str(path)])
        else:
            shutil.move(made, path)
    return path
