"""Shapes of the audio API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from hub.audio.languages import AreaLanguages
from hub.audio.lexicon import SPOKEN_MAX, TERM_MAX, LexiconView, Term
from hub.audio.model import STATUS_LABELS, AudioStatus, BulletinAudio, LexiconEntry, Recording, Rendering

TEXT_MAX = 25_000


class TextIn(BaseModel):
    text: str = Field(max_length=TEXT_MAX, description="Văn bản cần đọc (tối đa 25 000 ký tự).")
    lang: str = Field("vi", max_length=16, description="Ngôn ngữ; chỉ tiếng Việt (`vi`) có giọng đọc máy.")


class NormalizedOut(BaseModel):
    text: str = Field(description="Văn bản như giọng đọc sẽ đọc (số, ngày, viết tắt đã viết thành chữ).")
    warnings: list[str]


class AudioFileOut(BaseModel):
    format: str
    url: str
    sha256: str
    bytes: int
    duration_ms: int


class AudioStatusOut(BaseModel):
    lang: str
    revision: int
    status: AudioStatus
    status_label: str
    engine: str
    fallback: bool = Field(description="Đúng khi giọng đọc chính lỗi và âm thanh được tạo bằng espeak-ng thay thế.")
    error: str
    warnings: list[str]
    text: str = Field(description="Văn bản đã chuẩn hóa mà giọng đọc đã đọc.")
    files: list[AudioFileOut]
    updated_at: datetime

    @classmethod
    def of(cls, row: BulletinAudio, rendering: Rendering | None, base_url: str) -> AudioStatusOut:
        files = []
        if rendering is not None and row.status == AudioStatus.READY:
            files = [
                AudioFileOut(
                    format=f.format,
                    url=f"{base_url}/api/v1/bulletins/{row.bulletin_id}/audio?lang={row.lang}&format={f.format}",
                    sha256=f.sha256,
                    bytes=f.bytes,
                    duration_ms=f.duration_ms,
                )
                for f in rendering.files
            ]
        return cls(
            lang=row.lang,
            revision=row.revision,
            status=AudioStatus(row.status),
            status_label=STATUS_LABELS[AudioStatus(row.status)],
            engine=row.engine,
            fallback=row.fallback,
            error=row.error,
            warnings=list(rendering.warnings) if rendering else [],
            text=rendering.text if rendering else "",
            files=files,
            updated_at=row.updated_at,
        )


class RecordingOut(BaseModel):
    id: int
    bulletin_id: int
    lang: str
    sha256: str
    bytes: int
    duration_ms: int
    uploaded_at: datetime

    @classmethod
    def of(cls, recording: Recording) -> RecordingOut:
        return cls(
            id=recording.id,
            bulletin_id=recording.bulletin_id,
            lang=recording.lang,
            sha256=recording.sha256,
            bytes=recording.bytes,
            duration_ms=recording.duration_ms,
            uploaded_at=recording.uploaded_at,
        )


class TermIn(BaseModel):
    term: str = Field(min_length=1, max_length=TERM_MAX, description="Từ viết tắt, đúng chữ hoa/thường (ví dụ UBMTTQ).")
    spoken: str = Field(min_length=1, max_length=SPOKEN_MAX, description="Cách đọc (ví dụ “ủy ban Mặt trận Tổ quốc”).")


class TermOut(BaseModel):
    term: str
    spoken: str
    builtin: bool
    version: int

    @classmethod
    def of(cls, term: Term) -> TermOut:
        return cls(term=term.term, spoken=term.spoken, builtin=term.builtin, version=term.version)

    @classmethod
    def entry(cls, entry: LexiconEntry, builtin: bool) -> TermOut:
        return cls(term=entry.term, spoken=entry.spoken, builtin=builtin, version=entry.version)


class LexiconOut(BaseModel):
    version: int = Field(description="Tăng mỗi khi từ điển cách đọc thay đổi.")
    terms: list[TermOut]

    @classmethod
    def of(cls, view: LexiconView) -> LexiconOut:
        return cls(version=view.version, terms=[TermOut.of(t) for t in view.terms])


class LanguageOut(BaseModel):
    code: str
    label: str


class LanguagesIn(BaseModel):
    langs: list[str] = Field(
        min_length=1, max_length=8, description='Ngôn ngữ phát, theo thứ tự (ví dụ ["vi", "ede"]); phải có "vi".'
    )


class LanguagesOut(BaseModel):
    area_code: str
    area_name: str
    langs: list[LanguageOut] = Field(description="Loa phát mỗi tin lần lượt bằng các ngôn ngữ này.")
    chosen_by: str | None = Field(description="Mã địa bàn đã chọn (chính nó hoặc cấp trên); null: mặc định tiếng Việt.")

    @classmethod
    def of(cls, found: AreaLanguages) -> LanguagesOut:
        return cls(
            area_code=found.area.code,
            area_name=found.area.name,
            langs=[LanguageOut(code=lang, label=label) for lang, label in zip(found.langs, found.labels, strict=True)],
            chosen_by=found.chosen_by.code if found.chosen_by else None,
        )
