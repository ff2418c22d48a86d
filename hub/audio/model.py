"""The audio of bulletins: rendered speech cached by content, per-language audio of each bulletin,
uploaded recordings, and the officials' pronunciation lexicon.

A `Rendering` is the audio of one input (a normalised text with a voice, or a recording) under one
set of pipeline settings; its `key` is the SHA-256 of all of these, so the same text is never
synthesised twice, whichever bulletin it belongs to. A `BulletinAudio` says which rendering a
bulletin plays in one language, and how it got there (engine, fallback, failure).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from hub.kit.errors import InvalidInput
from hub.kit.ids import ASSIGNED_ON_FLUSH


class AudioStatus(StrEnum):
    PENDING = "pending"
    READY = "ready"
    NEEDS_RECORDING = "needs_recording"
    FAILED = "failed"


STATUS_LABELS = {
    AudioStatus.PENDING: "Đang tạo âm thanh",
    AudioStatus.READY: "Đã có âm thanh",
    AudioStatus.NEEDS_RECORDING: "Cần tải lên bản ghi âm (ngôn ngữ này chưa có giọng đọc máy)",
    AudioStatus.FAILED: "Tạo âm thanh thất bại",
}

LANGUAGE_LABELS = {"vi": "tiếng Việt", "ede": "tiếng Ê Đê", "mnong": "tiếng M'nông", "jrai": "tiếng Gia Rai"}

# Languages a voice can say; others take an uploaded recording.
TTS_LANGUAGES = frozenset({"vi"})

# What a commune broadcasts when nobody chose: Vietnamese only.
DEFAULT_LANGUAGES: tuple[str, ...] = ("vi",)


class Source(StrEnum):
    TTS = "tts"
    RECORDING = "recording"


@dataclass(eq=False)
class AudioFile:
    format: str
    storage_key: str
    sha256: str
    bytes: int
    duration_ms: int
    rendering_id: int | None = None
    id: int = ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class Rendering:
    key: str
    source: Source
    engine: str
    voice: str
    lang: str
    text: str
    duration_ms: int
    warnings: list[str]
    created_at: datetime
    files: list[AudioFile] = field(default_factory=list)
    id: int = ASSIGNED_ON_FLUSH

    def file(self, fmt: str) -> AudioFile | None:
        return next((f for f in self.files if f.format == fmt), None)


@dataclass(eq=False)
class BulletinAudio:
    bulletin_id: int
    lang: str
    revision: int
    status: AudioStatus
    updated_at: datetime
    rendering_id: int | None = None
    rendering_key: str = ""
    engine: str = ""
    fallback: bool = False
    error: str = ""
    id: int = ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class Recording:
    bulletin_id: int
    lang: str
    storage_key: str
    sha256: str
    bytes: int
    content_type: str
    filename: str
    duration_ms: int
    uploaded_at: datetime
    uploaded_by_id: int | None = None
    id: int = ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class LexiconEntry:
    """An official's pronunciation of a term; an empty `spoken` removes a built-in entry."""

    term: str
    spoken: str
    version: int
    updated_at: datetime
    updated_by_id: int | None = None
    id: int = ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class BroadcastLanguages:
    """The languages an area's loudspeakers play each bulletin in, in order ("vi" then "ede").
    The areas below it (villages) follow it unless they have their own."""

    area_id: int
    langs: list[str]
    updated_at: datetime
    updated_by_id: int | None = None
    id: int = ASSIGNED_ON_FLUSH


def check_languages(langs: list[str]) -> list[str]:
    """The order as given, without repeats; Vietnamese must be among them (it is the fallback)."""
    order = list(dict.fromkeys(lang.strip() for lang in langs if lang.strip()))
    unknown = [lang for lang in order if lang not in LANGUAGE_LABELS]
    if unknown:
        raise InvalidInput(
            f"Không có ngôn ngữ “{unknown[0]}”; chọn trong: {', '.join(LANGUAGE_LABELS.values())}.",
            code="language_unknown",
            field="langs",
        )
    if "vi" not in order:
        raise InvalidInput(
            "Thứ tự phát phải có tiếng Việt: tin chưa có bản ghi âm tiếng dân tộc vẫn phát bằng tiếng Việt.",
            code="language_vi_required",
            field="langs",
        )
    return order
