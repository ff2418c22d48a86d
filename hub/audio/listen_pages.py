"""The officials' audio pages: "Nghe thử" (hear a draft before submitting or approving it, with its
progress and the spoken text beside the player), each bulletin's languages on its page (status,
players, upload or record a language's recording), and the languages each commune broadcasts.

Every action is one call of `hub.audio.service` / `hub.audio.languages`, which decide who may do it
and audit it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import UploadFile

from hub.accounts.access import scopes_for
from hub.accounts.model import Permission, Principal
from hub.audio import languages, service
from hub.audio.jobs import spoken_text
from hub.audio.listening import RUNS
from hub.audio.model import LANGUAGE_LABELS, STATUS_LABELS, AudioStatus
from hub.audio.pages import PATH as LEXICON_PATH
from hub.audio.sending import send_audio
from hub.bulletins.model import Status
from hub.config import Settings
from hub.db.uow import UnitOfWork
from hub.http.deps import HubDep, ReadUow, WriteUow
from hub.http.params import Id
from hub.kit.errors import HubError, InvalidInput, NotFound, PayloadTooLarge
from hub.web import forms
from hub.web.extensions import CardContext, DashboardCard, Media, PanelContext
from hub.web.pages import bulletins as bulletin_pages
from hub.web.routing import FormDep, Official, WebSessionDep, is_htmx, page_router, see_other
from hub.web.templating import render

LISTEN = "/quan-tri/nghe-thu"
AUDIO = "/quan-tri/am-thanh"
LANGUAGES = "/quan-tri/ngon-ngu-phat"
STATIC = Path(__file__).parent / "static"

listen_router = page_router(LISTEN)
audio_router = page_router(AUDIO)
languages_router = page_router(LANGUAGES)


def static_router() -> APIRouter:
    mounted = APIRouter(include_in_schema=False)
    mounted.mount("/static/audio", StaticFiles(directory=STATIC), name="static-audio")
    return mounted


# -- "Nghe thử" ------------------------------------------------------------------------------------


def _fragment(request: Request, context: dict[str, Any]) -> HTMLResponse:
    return render(request, "audio/_preview.html", {"lexicon_path": LEXICON_PATH, **context})


@listen_router.post("", name="web.listen")
def listen(request: Request, official: Official, hub: HubDep, form: FormDep) -> HTMLResponse:
    """Start hearing a text: the title and body of the compose form (or a bulletin's)."""
    text = spoken_text(forms.text(form, "title"), forms.raw(form, "body"))
    try:
        if not text.strip():
            raise InvalidInput("Hãy nhập tiêu đề hoặc nội dung để nghe thử.", code="preview_empty", field="body")
        spoken = service.spoken_form(hub.database, official, hub.settings, text)
        if spoken.ready is not None:
            return _fragment(request, {"state": "ready", "key": spoken.key, "preview": spoken.ready})
        run = hub.service(RUNS).start(official, text, spoken)
    except HubError as exc:
        return _fragment(request, {"state": "error", "error": exc})
    return _fragment(request, {"state": "pending", "key": spoken.key, "run": run, "spoken": spoken.text})


def _key(key: str) -> str:
    if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
        raise NotFound("Không tìm thấy bản nghe thử này.", code="preview_not_found")
    return key


@listen_router.get("/{key}", name="web.listen.poll")
def poll(request: Request, official: Official, hub: HubDep, key: str) -> HTMLResponse:
    """Where a preview stands (the page asks every second until it is ready)."""
    try:
        found = service.rendered(hub.database, official, hub.settings, _key(key))
    except HubError as exc:
        return _fragment(request, {"state": "error", "error": exc})
    if found is not None:
        return _fragment(request, {"state": "ready", "key": key, "preview": found})
    run = hub.service(RUNS).get(key)
    if run is None:
        error = NotFound("Bản nghe thử không còn được tạo (máy chủ vừa khởi động lại?): bấm “Nghe thử” lần nữa.")
        return _fragment(request, {"state": "error", "error": error})
    if run.error:
        return _fragment(request, {"state": "error", "error": InvalidInput(run.error)})
    return _fragment(request, {"state": "pending", "key": key, "run": run, "spoken": run.spoken})


@listen_router.get("/{key}/am-thanh", name="web.listen.audio")
def preview_audio(official: Official, hub: HubDep, key: str) -> Response:
    found = service.rendered(hub.database, official, hub.settings, _key(key))
    if found is None:
        raise NotFound("Bản nghe thử chưa sẵn sàng.", code="preview_not_ready")
    return FileResponse(found.path, media_type="audio/mpeg", headers={"ETag": f'"{found.sha256}"'})


# -- a bulletin's languages ----------------------------------------------------------------------


@audio_router.get("/{bulletin_id:int}/{lang}", name="web.bulletin.audio")
def bulletin_audio(
    request: Request, official: Official, hub: HubDep, uow: ReadUow, bulletin_id: Id, lang: str
) -> Response:
    """A bulletin's audio in one language, for an official who may read it (also before publication)."""
    ref, _ = service.readable_audio(uow, official, hub.settings, bulletin_id, lang[:16], "mp3")
    etag = f'"{ref.sha256}"'
    if etag in (request.headers.get("if-none-match") or ""):
        return Response(status_code=304, headers={"ETag": etag})
    return send_audio(hub.settings, ref.path, media_type=ref.media_type, headers={"ETag": etag})


@audio_router.post("/{bulletin_id:int}/ban-ghi", name="web.bulletin.recording")
def upload(
    request: Request,
    official: Official,
    hub: HubDep,
    uow: WriteUow,
    session: WebSessionDep,
    form: FormDep,
    bulletin_id: Id,
) -> Response:
    """A language's recording, uploaded as a file or recorded in the browser (MediaRecorder)."""
    lang = forms.text(form, "lang")[:16]
    file = form.get("file")
    back = f"/quan-tri/tin/{bulletin_id}#panel-audio"
    try:
        if not isinstance(file, UploadFile) or not (file.filename or file.size):
            raise InvalidInput(
                "Hãy chọn tệp ghi âm hoặc bấm “Ghi âm” trước khi gửi.", code="recording_missing", field="file"
            )
        _store_upload(uow, official, hub.settings, bulletin_id, lang, file)
    except HubError as exc:
        uow.rollback()
        if is_htmx(request) or request.headers.get("x-requested-with") == "fetch":
            return HTMLResponse(exc.detail, status_code=exc.status)
        context = bulletin_pages.detail_context(hub, uow, official, bulletin_id)
        context.update(error=exc)
        return render(request, "web/bulletins/detail.html", context, status=exc.status)
    finally:
        for part in form.getlist("file"):  # the form was read by the CSRF check: close its files here
            if isinstance(part, UploadFile):
                part.file.close()
    session.flash(f"Đã nhận bản ghi âm {languages.label(lang)}; âm thanh sẽ sẵn sàng sau ít giây.")
    return see_other(back)


def _store_upload(
    uow: UnitOfWork, official: Principal, settings: Settings, bulletin_id: int, lang: str, file: UploadFile
) -> None:
    limit = settings.audio_upload_max_bytes
    with tempfile.TemporaryDirectory(prefix="ttcs-upload-") as tmp:
        target = Path(tmp) / "upload"
        with target.open("wb") as out:
            shutil.copyfileobj(file.file, out, 1 << 20)
        if target.stat().st_size > limit:
            raise PayloadTooLarge(
                f"Bản ghi âm quá lớn (tối đa {limit // (1024 * 1024)} MB).", code="recording_too_large"
            )
        service.upload_recording(
            uow,
            official,
            settings,
            bulletin_id,
            lang,
            target,
            filename=file.filename or "ghi-am.webm",
            content_type=file.content_type or "",
        )


def panel(ctx: PanelContext) -> dict[str, Any]:
    """The bulletin page's "Âm thanh và ngôn ngữ" section."""
    bulletin = ctx.bulletin
    rows = {row.lang: row for row, _ in service.status(ctx.uow, ctx.principal, bulletin.id)}
    variants = {v.lang: v for v in bulletin.variants}
    # Audio is made once a bulletin is sent for approval: before that there is none to make; after it,
    # the job that makes it has not run yet.
    not_made = "Chưa tạo (tin chưa gửi duyệt)" if bulletin.status == Status.DRAFT else "Đang chờ tạo âm thanh"
    entries = []
    for lang in ["vi", *variants]:
        row = rows.get(lang)
        entries.append(
            {
                "lang": lang,
                "label": languages.label(lang),
                "title": variants[lang].title if lang in variants else bulletin.title,
                "status": STATUS_LABELS[row.status] if row else not_made,
                "ready": bool(row and row.status == AudioStatus.READY),
                "needs_recording": bool(row and row.status == AudioStatus.NEEDS_RECORDING),
                "error": row.error if row else "",
                "fallback": bool(row and row.fallback),
            }
        )
    may_upload = bool(scopes_for(ctx.principal, Permission.DRAFT)) or ctx.principal.is_system
    return {
        "entries": entries,
        "missing": languages.missing(ctx.uow, bulletin) if str(bulletin.status) in languages.LIVE else None,
        "may_upload": may_upload,
        "listens": may_upload or bool(scopes_for(ctx.principal, Permission.APPROVE)),
        "choices": [(lang, languages.label(lang)) for lang in ["vi", *variants]],
        "others": [label for lang, label in LANGUAGE_LABELS.items() if lang != "vi" and lang not in variants],
    }


def vietnamese_only_card(ctx: CardContext) -> list[languages.Missing] | None:
    """Approved bulletins that will play in Vietnamese only where a commune broadcasts more."""
    found = languages.vietnamese_only(ctx.uow, ctx.principal)
    return found or None


CARD = DashboardCard("vietnamese-only", "Tin chỉ phát tiếng Việt", "audio/card.html", vietnamese_only_card, order=45)


def portal_media(uow: UnitOfWork, bulletin: Any) -> list[Media]:
    """The citizen portal's players: every ready language of a published bulletin, each file served
    by its content hash (cached for good by browsers and proxies)."""
    return [
        Media(f"/api/v1/audio/files/{ref.sha256}.mp3", f"Nghe bản {languages.label(ref.lang)}")
        for ref in service.published_audio(uow, bulletin.id)
    ]


# -- the languages a commune broadcasts -----------------------------------------------------------


def _languages_context(
    uow: UnitOfWork, official: Principal, code: str, error: HubError | None = None
) -> dict[str, Any]:
    choices = [(s.area_code, s.area_name) for s in official.scopes]
    code = code or (choices[0][0] if choices else "")
    found = languages.view(uow, official, code) if code else None
    return {
        "title": "Ngôn ngữ phát trên loa",
        "current": "languages",
        "choices": choices,
        "found": found,
        "labels": LANGUAGE_LABELS,
        "positions": {lang: i + 1 for i, lang in enumerate(found.langs)} if found else {},
        "may_change": bool(scopes_for(official, Permission.APPROVE)),
        "error": error,
    }


@languages_router.get("", name="web.languages")
def languages_page(request: Request, official: Official, uow: ReadUow, xa: str = "") -> HTMLResponse:
    try:
        context = _languages_context(uow, official, xa.strip()[:32])
    except HubError as exc:
        context = _languages_context(uow, official, "", exc)
        return render(request, "audio/languages.html", context, status=exc.status)
    return render(request, "audio/languages.html", context)


@languages_router.post("", name="web.languages.save")
def save_languages(
    request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep
) -> Response:
    code = forms.text(form, "area_code")[:32]
    order: list[tuple[int, str]] = []
    for lang in LANGUAGE_LABELS:
        value = forms.text(form, f"pos_{lang}")
        if value.isdigit() and int(value) > 0:
            order.append((int(value), lang))
    langs = [lang for _, lang in sorted(order)]
    try:
        found = languages.set_languages(uow, official, code, langs)
    except HubError as exc:
        uow.rollback()
        context = _languages_context(uow, official, code if code else "", exc)
        return render(request, "audio/languages.html", context, status=exc.status)
    session.flash(f"Đã lưu: loa {found.area.name} phát lần lượt {', '.join(found.labels)}.")
    return see_other(f"{LANGUAGES}?xa={found.area.code}")
