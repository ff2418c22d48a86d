"""Use cases of the audio domain: what a bulletin sounds like, listening to a draft, recordings for
languages without a voice, and the audio other domains hand out (`audio_for`).

`audio_for` is the contract with the devices domain (manifests carry the URL, SHA-256 and
duration of each bulletin's MP3/Opus) and the hotline (8 kHz G.711 prompts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hub.accounts.access import require, require_anywhere, scopes_for
from hub.accounts.model import Permission, Principal
from hub.audio import lexicon as lexicons
from hub.audio import renderer
from hub.audio.events import RecordingUploaded
from hub.audio.model import LANGUAGE_LABELS, TTS_LANGUAGES, AudioStatus, BulletinAudio, Recording, Rendering, Source
from hub.audio.repository import AudioRepository, PublishedFile
from hub.audio.storage import storage_for
from hub.audit.service import record
from hub.bulletins import service as bulletins
from hub.bulletins.model import Status
from hub.config import Settings
from hub.db.database import Database
from hub.db.uow import UnitOfWork
from hub.kit.errors import InvalidInput, NotFound, Unauthorized
from hub.kit.time import utcnow
from voice.audio import DEVICE_FORMATS, FORMATS, sha256_of
from voice.audio.ffmpeg import verify
from voice.errors import VoiceError
from voice.normalize import Normalized, Normalizer
from voice.settings import VoiceSettings

RECORDING_MAX_SECONDS = 30 * 60


@dataclass(frozen=True)
class AudioRef:
    """One bulletin's audio in one language and format, as devices and the hotline get it."""

    bulletin_id: int
    lang: str
    format: str
    revision: int
    url: str
    path: Path
    sha256: str
    bytes: int
    duration_ms: int
    media_type: str
    engine: str
    fallback: bool


def language_label(lang: str) -> str:
    return LANGUAGE_LABELS.get(lang, f"ngôn ngữ “{lang}”")


def _check_format(fmt: str) -> None:
    if fmt not in DEVICE_FORMATS:
        raise InvalidInput(
            f"Định dạng âm thanh “{fmt}” không được hỗ trợ; chọn một trong: {', '.join(DEVICE_FORMATS)}.",
            code="audio_format_unsupported",
            field="format",
        )


def normalizer(uow: UnitOfWork, settings: Settings) -> Normalizer:
    voice = settings.of(VoiceSettings)
    return Normalizer(voice.tts_region, lexicons.load(uow), voice.tts_max_chars)


def as_hub_error(error: VoiceError) -> InvalidInput:
    return InvalidInput(error.detail, code=error.code, **error.extra)


# -- reading -------------------------------------------------------------------------------------


def audio_for(
    uow: UnitOfWork, settings: Settings, bulletin_id: int, lang: str = "vi", fmt: str = "mp3"
) -> AudioRef | None:
    """The ready audio of a bulletin, or None (not rendered yet, no recording, unknown format)."""
    if fmt not in DEVICE_FORMATS:
        return None
    repo = AudioRepository(uow.session)
    row = repo.bulletin_audio(bulletin_id, lang)
    if row is None or row.rendering_id is None or row.status != AudioStatus.READY:
        return None
    rendering = repo.rendering_by_id(row.rendering_id)
    found = rendering.file(fmt) if rendering else None
    if found is None:
        return None
    return AudioRef(
        bulletin_id=bulletin_id,
        lang=lang,
        format=fmt,
        revision=row.revision,
        url=f"{settings.public_url.rstrip('/')}/api/v1/bulletins/{bulletin_id}/audio?lang={lang}&format={fmt}",
        path=storage_for(settings).local_path(found.storage_key),
        sha256=found.sha256,
        bytes=found.bytes,
        duration_ms=found.duration_ms,
        media_type=FORMATS[fmt].media_type,
        engine=row.engine,
        fallback=row.fallback,
    )


def readable_audio(
    uow: UnitOfWork, principal: Principal | None, settings: Settings, bulletin_id: int, lang: str, fmt: str
) -> tuple[AudioRef, bool]:
    """The audio as the API serves it, and whether it is public. A published bulletin is heard by
    anyone (devices, citizens); before that, only by officials who may read the bulletin."""
    _check_format(fmt)
    bulletin = uow.bulletins.get(bulletin_id)
    if bulletin is None:
        raise NotFound(f"Không tìm thấy tin số {bulletin_id}.", code="bulletin_not_found")
    public = bulletin.status == Status.PUBLISHED
    if not public:
        if principal is None:
            raise Unauthorized("Tin này chưa phát hành: cần đăng nhập để nghe.", code="not_authenticated")
        bulletins.get(uow, principal, bulletin_id)
    ref = audio_for(uow, settings, bulletin_id, lang, fmt)
    if ref is None:
        row = AudioRepository(uow.session).bulletin_audio(bulletin_id, lang)
        why = {
            None: "chưa được tạo (tin chưa gửi duyệt hoặc đang chờ xử lý)",
            AudioStatus.PENDING: "đang được tạo, vui lòng thử lại sau ít phút",
            AudioStatus.NEEDS_RECORDING: "cần tải lên bản ghi âm",
            AudioStatus.FAILED: "tạo thất bại: " + (row.error if row else ""),
        }.get(row.status if row else None, "chưa sẵn sàng")
        raise NotFound(
            f"Âm thanh {language_label(lang)} của tin số {bulletin_id} {why}.",
            code="audio_not_ready",
            audio_status=str(row.status) if row else None,
        )
    return ref, public


def published_audio(uow: UnitOfWork, bulletin_id: int) -> list[PublishedFile]:
    """Every ready language of a published bulletin, Vietnamese first (nothing before publication)."""
    found = AudioRepository(uow.session).published_files(bulletin_id=bulletin_id)
    order = list(LANGUAGE_LABELS)
    return sorted(found, key=lambda f: order.index(f.lang) if f.lang in order else len(order))


def public_file(uow: UnitOfWork, settings: Settings, sha256: str) -> tuple[Path, int]:
    """A published bulletin's MP3 by its content hash (path, duration): the same bytes for ever."""
    sha256 = sha256.lower()
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise NotFound("Không tìm thấy tệp âm thanh này.", code="audio_file_not_found")
    found = AudioRepository(uow.session).published_files(sha256=sha256)
    if not found:
        raise NotFound(
            "Không tìm thấy tệp âm thanh này (tin chưa phát hành hoặc đã thu hồi).", code="audio_file_not_found"
        )
    return storage_for(settings).local_path(found[0].storage_key), found[0].duration_ms


def status(uow: UnitOfWork, principal: Principal, bulletin_id: int) -> list[tuple[BulletinAudio, Rendering | None]]:
    """Every language of a bulletin: ready, pending, needing a recording, failed — and why."""
    bulletins.get(uow, principal, bulletin_id)
    repo = AudioRepository(uow.session)
    return [
        (row, repo.rendering_by_id(row.rendering_id) if row.rendering_id else None)
        for row in repo.bulletin_audios(bulletin_id)
    ]


# -- listening before submitting ----------------------------------------------------------------


def normalize_text(uow: UnitOfWork, principal: Principal, settings: Settings, text: str) -> Normalized:
    require_anywhere(principal, Permission.READ)
    try:
        return normalizer(uow, settings)(text)
    except VoiceError as exc:
        raise as_hub_error(exc) from exc


@dataclass(frozen=True)
class Preview:
    path: Path
    sha256: str
    duration_ms: int
    text: str
    warnings: list[str]

    @classmethod
    def of(cls, rendering: Rendering, settings: Settings) -> Preview:
        mp3 = rendering.file("mp3")
        assert mp3 is not None  # every rendering has the device formats
        path = storage_for(settings).local_path(mp3.storage_key)
        return cls(path, mp3.sha256, mp3.duration_ms, rendering.text, list(rendering.warnings))


def _require_listener(principal: Principal) -> None:
    """Editors hear their draft, approvers the bulletin they are about to approve."""
    if principal.is_system or scopes_for(principal, Permission.APPROVE):
        return
    require_anywhere(principal, Permission.DRAFT)


def _check_voice(lang: str) -> None:
    if lang not in TTS_LANGUAGES:
        raise InvalidInput(
            f"Chưa có giọng đọc máy cho {language_label(lang)}: hãy tải lên bản ghi âm cho bản dịch.",
            code="no_voice_for_language",
            field="lang",
        )


@dataclass(frozen=True)
class Spoken:
    """What the voice will say for a text (numbers, dates, abbreviations written out), the key of
    its rendering, and the rendering when it is already made."""

    text: str
    warnings: list[str]
    key: str
    ready: Preview | None


def spoken_form(database: Database, principal: Principal, settings: Settings, text: str, lang: str = "vi") -> Spoken:
    """Quick: normalise and look in the cache, without synthesising."""
    _require_listener(principal)
    _check_voice(lang)
    speech = renderer.SpeechSettings.of(settings)
    storage = storage_for(settings)
    with database.uow(write=False) as uow:
        try:
            normalized = normalizer(uow, settings)(text)
        except VoiceError as exc:
            raise as_hub_error(exc) from exc
        key = renderer.tts_key(normalized.text, lang, speech.engine, speech)
        cached = AudioRepository(uow.session).rendering(key)
        ready = None
        if cached is not None and all(storage.exists(f.storage_key) for f in cached.files):
            ready = Preview.of(cached, settings)
    return Spoken(normalized.text, list(normalized.warnings), key, ready)


def rendered(database: Database, principal: Principal, settings: Settings, key: str) -> Preview | None:
    """A preview made before, by its key (what the page polls for), or None while it is being made."""
    _require_listener(principal)
    storage = storage_for(settings)
    with database.uow(write=False) as uow:
        found = AudioRepository(uow.session).rendering(key)
        if found is None or found.source != Source.TTS or not all(storage.exists(f.storage_key) for f in found.files):
            return None
        return Preview.of(found, settings)


def preview(
    database: Database,
    principal: Principal,
    settings: Settings,
    text: str,
    lang: str = "vi",
    progress: Callable[[int, int], None] | None = None,
) -> Preview:
    """Render a draft so an official can listen before submitting or approving. Cached like bulletin
    audio, so approving the same text later synthesises nothing. The synthesis runs outside any
    transaction; `progress(done, total)` hears each piece of the text said."""
    spoken = spoken_form(database, principal, settings, text, lang)
    if spoken.ready is not None:
        return spoken.ready
    speech = renderer.SpeechSettings.of(settings)
    storage = storage_for(settings)
    warnings = list(spoken.warnings)
    try:
        made = renderer.speak(spoken.text, lang, speech.engine, speech, storage, warnings, progress)
    except Exception as exc:
        if speech.engine == "espeak":
            raise
        warnings.append(f"Giọng đọc {speech.engine} lỗi ({renderer.describe(exc)}); bản nghe thử dùng espeak-ng.")
        made = renderer.speak(spoken.text, lang, "espeak", speech, storage, warnings, progress)
    with database.uow() as uow:
        found = Preview.of(save_rendering(AudioRepository(uow.session), made), settings)
        uow.commit()
    return found


def save_rendering(repo: AudioRepository, made: Rendering) -> Rendering:
    """Store a new rendering, or the one another worker stored under the same key meanwhile."""
    existing = repo.rendering(made.key)
    if existing is not None:
        return existing
    repo.add(made)
    repo.flush()
    return made


# -- recordings ----------------------------------------------------------------------------------


def upload_recording(
    uow: UnitOfWork,
    principal: Principal,
    settings: Settings,
    bulletin_id: int,
    lang: str,
    source: Path,
    *,
    filename: str = "",
    content_type: str = "",
) -> Recording:
    """A recording of a language variant (Ê Đê, M'nông … or a human voice for Vietnamese).

    It is checked with ffprobe and a full decode (a corrupt or unsupported file is refused with a
    422 in Vietnamese), stored, and rendered on the job queue like speech."""
    bulletin = bulletins.get(uow, principal, bulletin_id)
    creating = uow.areas.get_one(bulletin.creating_area_id)
    require(principal, Permission.DRAFT, creating)
    langs = {"vi", *(v.lang for v in bulletin.variants)}
    if lang not in langs:
        raise InvalidInput(
            f"Tin số {bulletin_id} không có bản {language_label(lang)}; hãy thêm bản dịch vào tin trước.",
            code="variant_not_found",
            field="lang",
        )
    try:
        probed = verify(source)
    except VoiceError as exc:
        raise as_hub_error(exc) from exc
    if probed.duration < 0.5 or probed.duration > RECORDING_MAX_SECONDS:
        raise InvalidInput(
            f"Bản ghi âm dài {probed.duration:.1f} giây; cần từ 0,5 giây đến {RECORDING_MAX_SECONDS // 60} phút.",
            code="recording_duration",
        )
    sha = sha256_of(source)
    suffix = Path(filename).suffix.lower()[:8] if filename else ""
    key = f"recordings/{sha[:2]}/{sha}{suffix}"
    storage_for(settings).put_file(key, source)
    recording = Recording(
        bulletin_id=bulletin_id,
        lang=lang,
        storage_key=key,
        sha256=sha,
        bytes=source.stat().st_size,
        content_type=content_type[:100],
        filename=(filename or "")[:255],
        duration_ms=round(probed.duration * 1000),
        uploaded_at=utcnow(),
        uploaded_by_id=principal.user_id,
    )
    repo = AudioRepository(uow.session)
    repo.add(recording)
    repo.flush()
    record(
        uow,
        principal,
        "audio.recording_upload",
        "bulletin",
        bulletin_id,
        area_code=creating.code if creating else None,
        revision=bulletin.revision,
        details={"lang": lang, "sha256": sha, "bytes": recording.bytes, "codec": probed.codec},
    )
    uow.emit(RecordingUploaded(bulletin_id=bulletin_id, langs=(lang,), priority=str(bulletin.priority)))
    return recording
