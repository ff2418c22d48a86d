"""Fetching the audio a source system links to (`NoiDung.Link`), before anything is stored.

The file is streamed to a temporary file with a size ceiling, its declared type must be audio (or a
generic binary type), and ffprobe plus a full decode must accept it: a page of HTML, a truncated or
oversized file is refused naming the field, and the message is not imported. What passes is handed
to the audio pipeline as a recording (`hub.audio.service.upload_recording`), so it is loudness-
normalised, given the chime and encoded for devices like any recording.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from hub.exchange.source_format import FieldError
from voice.audio.ffmpeg import verify
from voice.errors import VoiceError

ACCEPTED_TYPES = ("audio/", "application/octet-stream", "binary/octet-stream", "video/mp4", "application/ogg")


@dataclass(frozen=True)
class Fetched:
    path: Path
    content_type: str
    filename: str
    bytes: int


def fetch_audio(url: str, field: str, *, max_bytes: int, timeout: float) -> Fetched:
    """Download `url` to a temporary file (the caller deletes it) and check it is playable audio."""
    suffix = Path(url.split("?")[0]).suffix[:8]
    fd, name = tempfile.mkstemp(prefix="ttcs-source-", suffix=suffix)
    path = Path(name)
    try:
        with open(fd, "wb") as handle, httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
            if response.status_code != 200:
                raise FieldError(field, f"Không tải được âm thanh từ {field} (máy chủ trả lời {response.status_code}).")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind and not kind.startswith(ACCEPTED_TYPES):
                raise FieldError(field, f"{field} không phải tệp âm thanh (kiểu “{kind}”).")
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FieldError(field, f"Tệp âm thanh ở {field} lớn quá {max_bytes // 1_048_576} MB.")
                handle.write(chunk)
        if size == 0:
            raise FieldError(field, f"Tệp âm thanh ở {field} rỗng.")
        try:
            verify(path)
        except VoiceError as exc:
            raise FieldError(field, f"{field}: {exc.detail}") from exc
        return Fetched(path, kind, Path(url.split("?")[0]).name[:255], size)
    except httpx.HTTPError as exc:
        path.unlink(missing_ok=True)
        raise FieldError(field, f"Không tải được âm thanh từ {field}: {type(exc).__name__}.") from exc
    except BaseException:
        path.unlink(missing_ok=True)
        raise
