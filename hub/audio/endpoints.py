"""HTTP endpoints of bulletin audio: thin wrappers over `hub.audio.service` and `hub.audio.lexicon`."""

from __future__ import annotations

import pathlib
import shutil
import tempfile
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile, status
from fastapi.responses import FileResponse, Response

from hub.accounts import principals
from hub.accounts.model import Principal
from hub.audio import languages, lexicon, service
from hub.audio.schemas import (
    AudioStatusOut,
    LanguagesIn,
    LanguagesOut,
    LexiconOut,
    NormalizedOut,
    RecordingOut,
    TermIn,
    TermOut,
    TextIn,
)
from hub.audio.sending import send_audio
from hub.http.deps import CurrentPrincipal, HubDep, ReadUow, WriteUow, oauth2
from hub.http.params import FormId, Id
from hub.kit.errors import PayloadTooLarge
from voice.normalize import BUILTIN

router = APIRouter(prefix="/api/v1", tags=["audio"])

RECORDING_PATH = "/api/v1/audio/recordings"
UPLOAD_CEILING = 200 * 1024 * 1024  # the body limit of the upload path; TTCS_AUDIO_UPLOAD_MAX_BYTES is checked too


def _maybe_principal(hub: HubDep, token: Annotated[str | None, Depends(oauth2)]) -> Principal | None:
    """Published audio is public; a token, when given, must still be valid."""
    if not token:
        return None
    return principals.principal(hub, token, channel="api")


MaybePrincipal = Annotated[Principal | None, Depends(_maybe_principal)]


@router.get(
    "/bulletins/{bulletin_id}/audio",
    summary="Âm thanh của tin (công khai khi tin đã phát hành). Hỗ trợ Range và ETag.",
    response_class=FileResponse,
    responses={200: {"content": {"audio/mpeg": {}, "audio/ogg": {}, "audio/wav": {}}}, 304: {}},
)
def get_audio(
    bulletin_id: Id,
    request: Request,
    uow: ReadUow,
    hub: HubDep,
    principal: MaybePrincipal,
    lang: Annotated[str, Query(max_length=16)] = "vi",
    format: Annotated[str, Query(max_length=8, description="mp3, opus, ulaw hoặc alaw (8 kHz, điện thoại)")] = "mp3",
) -> Response:
    ref, public = service.readable_audio(uow, principal, hub.settings, bulletin_id, lang, format)
    etag = f'"{ref.sha256}"'
    cache = "public, max-age=86400" if public else "private, max-age=300"
    headers = {
        "ETag": etag,
        "Cache-Control": cache,
        "Accept-Ranges": "bytes",
        "X-Audio-Duration-Ms": str(ref.duration_ms),
    }
    if etag in (request.headers.get("if-none-match") or ""):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    name = f"ban-tin-{bulletin_id}-{lang}.{ref.format if ref.format in ('mp3', 'opus') else 'wav'}"
    return send_audio(hub.settings, ref.path, media_type=ref.media_type, headers=headers, filename=name)


@router.get(
    "/audio/files/{sha256}.mp3",
    summary="Tệp âm thanh của tin đã phát hành theo mã băm nội dung (không bao giờ đổi: lưu đệm vĩnh viễn)",
    response_class=FileResponse,
    responses={200: {"content": {"audio/mpeg": {}}}, 304: {}},
)
def audio_file(sha256: Annotated[str, Path(max_length=64)], request: Request, uow: ReadUow, hub: HubDep) -> Response:
    path, duration_ms = service.public_file(uow, hub.settings, sha256)
    etag = f'"{sha256.lower()}"'
    headers = {
        "ETag": etag,
        # The URL names the content: it never changes, so browsers and proxies keep it for a year
        # without asking again (a withdrawn bulletin's file is no longer served, but a copy may stay).
        "Cache-Control": "public, max-age=31536000, immutable",
        "Accept-Ranges": "bytes",
        "X-Audio-Duration-Ms": str(duration_ms),
    }
    if etag in (request.headers.get("if-none-match") or ""):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return send_audio(hub.settings, path, media_type="audio/mpeg", headers=headers)


@router.get(
    "/bulletins/{bulletin_id}/audio/status",
    response_model=list[AudioStatusOut],
    summary="Tình trạng âm thanh từng ngôn ngữ của tin (kể cả lỗi và dùng giọng thay thế)",
)
def audio_status(bulletin_id: Id, uow: ReadUow, hub: HubDep, principal: CurrentPrincipal) -> list[AudioStatusOut]:
    base = hub.settings.public_url.rstrip("/")
    return [AudioStatusOut.of(row, rendering, base) for row, rendering in service.status(uow, principal, bulletin_id)]


@router.post("/audio/normalize", response_model=NormalizedOut, summary="Xem văn bản sẽ được đọc thế nào")
def normalize(body: TextIn, uow: ReadUow, hub: HubDep, principal: CurrentPrincipal) -> NormalizedOut:
    found = service.normalize_text(uow, principal, hub.settings, body.text)
    return NormalizedOut(text=found.text, warnings=found.warnings)


@router.post(
    "/audio/preview",
    response_class=FileResponse,
    responses={200: {"content": {"audio/mpeg": {}}}},
    summary="Nghe thử bản nháp trước khi gửi duyệt (MP3)",
)
def preview(body: TextIn, hub: HubDep, principal: CurrentPrincipal) -> Response:
    found = service.preview(hub.database, principal, hub.settings, body.text, body.lang)
    headers = {
        "ETag": f'"{found.sha256}"',
        "X-Audio-Duration-Ms": str(found.duration_ms),
        "X-Audio-Warnings": str(len(found.warnings)),
        "Cache-Control": "private, max-age=300",
    }
    return FileResponse(found.path, media_type="audio/mpeg", headers=headers)


@router.post(
    "/audio/recordings",
    response_model=RecordingOut,
    status_code=status.HTTP_201_CREATED,
    summary="Tải lên bản ghi âm cho một ngôn ngữ của tin (Ê Đê, M'nông …)",
)
def upload_recording(
    uow: WriteUow,
    hub: HubDep,
    principal: CurrentPrincipal,
    bulletin_id: FormId,
    lang: Annotated[str, Form(max_length=16)],
    file: Annotated[UploadFile, File(description="MP3, WAV, OGG/Opus, M4A hoặc FLAC")],
) -> RecordingOut:
    limit = hub.settings.audio_upload_max_bytes
    with tempfile.TemporaryDirectory(prefix="ttcs-upload-") as tmp:
        target = pathlib.Path(tmp) / "upload"
        with target.open("wb") as out:
            shutil.copyfileobj(file.file, out, 1 << 20)
        if target.stat().st_size > limit:
            raise PayloadTooLarge(
                f"Bản ghi âm quá lớn (tối đa {limit // (1024 * 1024)} MB).",
                code="recording_too_large",
                limit_bytes=limit,
            )
        recording = service.upload_recording(
            uow,
            principal,
            hub.settings,
            bulletin_id,
            lang,
            target,
            filename=file.filename or "",
            content_type=file.content_type or "",
        )
    return RecordingOut.of(recording)


@router.get("/audio/lexicon", response_model=LexiconOut, summary="Từ điển cách đọc từ viết tắt")
def get_lexicon(uow: ReadUow, principal: CurrentPrincipal) -> LexiconOut:
    return LexiconOut.of(lexicon.view(uow, principal))


@router.put("/audio/lexicon", response_model=TermOut, summary="Thêm hoặc sửa cách đọc một từ viết tắt")
def put_term(body: TermIn, uow: WriteUow, principal: CurrentPrincipal) -> TermOut:
    entry = lexicon.put(uow, principal, body.term, body.spoken)
    return TermOut.entry(entry, entry.term in BUILTIN)


@router.delete("/audio/lexicon", response_model=TermOut, summary="Bỏ cách đọc một từ viết tắt")
def delete_term(
    uow: WriteUow, principal: CurrentPrincipal, term: Annotated[str, Query(min_length=1, max_length=100)]
) -> TermOut:
    entry = lexicon.remove(uow, principal, term)
    return TermOut.entry(entry, entry.term in BUILTIN)


AreaCode = Annotated[str, Path(min_length=1, max_length=32, description="Mã địa bàn (xã, phường)")]


@router.get(
    "/audio/languages/{area_code}",
    response_model=LanguagesOut,
    summary="Ngôn ngữ loa của địa bàn phát, theo thứ tự",
)
def get_languages(area_code: AreaCode, uow: ReadUow, principal: CurrentPrincipal) -> LanguagesOut:
    return LanguagesOut.of(languages.view(uow, principal, area_code))


@router.put(
    "/audio/languages/{area_code}",
    response_model=LanguagesOut,
    summary="Chọn ngôn ngữ và thứ tự phát của xã, phường (người duyệt tin, quản trị)",
)
def put_languages(area_code: AreaCode, body: LanguagesIn, uow: WriteUow, principal: CurrentPrincipal) -> LanguagesOut:
    return LanguagesOut.of(languages.set_languages(uow, principal, area_code, body.langs))
