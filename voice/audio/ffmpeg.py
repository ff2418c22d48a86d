"""ffmpeg and ffprobe, run as programs: probing uploads, decoding, measuring loudness."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from voice.errors import BadAudio, EngineUnavailable
from voice.tts.base import Audio

TIMEOUT = 300
UNSUPPORTED = (
    "Tệp ghi âm bị hỏng hoặc không phải định dạng âm thanh được hỗ trợ. Hãy gửi tệp MP3, WAV, OGG/Opus, M4A "
    "hoặc FLAC ghi được bằng điện thoại hay máy tính."
)


def binary(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise EngineUnavailable(f"Chưa cài {name} trên máy chủ (gói Debian `ffmpeg`).", code="ffmpeg_missing")
    return found


def run(args: list[str], *, stdin: bytes | None = None, timeout: int = TIMEOUT) -> subprocess.CompletedProcess[bytes]:
    command = [binary("ffmpeg"), "-hide_banner", *(["-nostdin"] if stdin is None else []), "-y", *args]
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise EngineUnavailable(
            "ffmpeg không xử lý xong âm thanh trong thời gian cho phép.", code="ffmpeg_timeout"
        ) from exc
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise EngineUnavailable(f"ffmpeg lỗi: {' | '.join(tail)[:300]}", code="ffmpeg_failed")
    return done


@dataclass(frozen=True)
class Probe:
    codec: str
    sample_rate: int
    channels: int
    duration: float
    format: str


def probe(path: str | Path) -> Probe:
    """What ffprobe says of a file's first audio stream; `BadAudio` if it is not decodable audio."""
    command = [binary("ffprobe"), "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=60, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BadAudio(UNSUPPORTED, code="audio_unreadable") from exc
    if done.returncode != 0:
        raise BadAudio(UNSUPPORTED, code="audio_unreadable")
    info = json.loads(done.stdout or b"{}")
    streams = [s for s in info.get("streams", []) if s.get("codec_type") == "audio"]
    if not streams:
        raise BadAudio(UNSUPPORTED, code="audio_no_stream")
    stream = streams[0]
    duration = float(stream.get("duration") or info.get("format", {}).get("duration") or 0)
    return Probe(
        codec=str(stream.get("codec_name", "")),
        sample_rate=int(stream.get("sample_rate") or 0),
        channels=int(stream.get("channels") or 0),
        duration=duration,
        format=str(info.get("format", {}).get("format_name", "")),
    )


def decode(path: str | Path, rate: int = 48000) -> Audio:
    """Any audio file → mono 16-bit samples at `rate`; `BadAudio` if ffmpeg cannot decode all of it."""
    try:
        done = run(["-v", "error", "-i", str(path), "-ac", "1", "-ar", str(rate), "-f", "s16le", "-"])
    except EngineUnavailable as exc:
        raise BadAudio(UNSUPPORTED, code="audio_undecodable") from exc
    samples = np.frombuffer(done.stdout[: len(done.stdout) // 2 * 2], dtype=np.int16).copy()
    if samples.size == 0:
        raise BadAudio(UNSUPPORTED, code="audio_empty")
    return Audio(samples, rate)


def loudness(path: str | Path) -> dict[str, float]:
    """EBU R128 measurement: integrated loudness (LUFS), true peak (dBTP), loudness range (LU)."""
    done = run(["-i", str(path), "-af", "loudnorm=print_format=json", "-f", "null", "-"])
    return _loudnorm_json(done.stderr.decode(errors="replace"))


def _loudnorm_json(stderr: str) -> dict[str, float]:
    match = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", stderr, re.S)
    if not match:
        raise EngineUnavailable("ffmpeg không đo được độ to của âm thanh.", code="loudness_failed")
    raw = json.loads(match.group(0))
    return {k: float(v) for k, v in raw.items() if _is_number(v)}


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def verify(path: str | Path) -> Probe:
    """ffprobe, then a full decode: a file whose header looks right but whose audio is damaged fails."""
    found = probe(path)
    command = [
        binary("ffmpeg"),
        "-hide_banner",
        "-nostdin",
        "-v",
        "error",
        "-xerror",
        "-i",
        str(path),
        "-f",
        "null",
        "-",
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BadAudio(UNSUPPORTED, code="audio_unreadable") from exc
    if done.returncode != 0:
        raise BadAudio(UNSUPPORTED, code="audio_corrupt")
    if found.duration <= 0:
        # A stream written as it was recorded names no duration: the browser's MediaRecorder (WebM/Opus)
        # and a piped ffmpeg. Its length is what decodes.
        found = replace(found, duration=_decoded_seconds(path))
    if found.duration <= 0:
        raise BadAudio(UNSUPPORTED, code="audio_empty")
    return found


def _decoded_seconds(path: str | Path) -> float:
    rate = 8000  # enough to count samples; cheap to decode
    try:
        done = run(["-v", "error", "-i", str(path), "-ac", "1", "-ar", str(rate), "-f", "s16le", "-"])
    except EngineUnavailable as exc:
        raise BadAudio(UNSUPPORTED, code="audio_undecodable") from exc
    return len(done.stdout) / 2 / rate
