"""The officials' pronunciation lexicon page: how the voice reads abbreviations and local names
("UBND", "Cư M'gar"): list and search, add, change and remove an entry, and hear it.

Reads and writes go through `hub.audio.lexicon` (the same calls as `/api/v1/audio/lexicon`, which
decides who may change the lexicon and audits each change); hearing an entry is
`hub.audio.service.preview`, the draft preview of the compose page, so it is cached the same way.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from hub.accounts.access import scopes_for
from hub.accounts.model import Permission, Principal
from hub.audio import lexicon, service
from hub.db.uow import UnitOfWork
from hub.http.deps import HubDep, ReadUow, WriteUow
from hub.kit.errors import HubError
from hub.web import forms
from hub.web.routing import FormDep, Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

PATH = "/quan-tri/tu-dien-cach-doc"
router = page_router(PATH)


def _context(
    uow: UnitOfWork, official: Principal, q: str, editing: str, error: HubError | None, values: dict[str, str]
) -> dict[str, Any]:
    found = lexicon.view(uow, official, q)
    every = {t.term: t for t in lexicon.view(uow, official).terms} if editing else {}
    if editing and not values and editing in every:
        values = {"term": editing, "spoken": every[editing].spoken}
    return {
        "title": "Từ điển cách đọc",
        "current": "lexicon",
        "q": q,
        "lexicon": found,
        "values": values,
        "editing": editing,
        # What to offer; the service still decides (an editor posting anyway is refused).
        "manages": bool(scopes_for(official, Permission.MANAGE_AREAS)),
        "listens": bool(scopes_for(official, Permission.DRAFT)),
        "error": error,
    }


@router.get("", name="web.lexicon")
def lexicon_page(request: Request, official: Official, uow: ReadUow, q: str = "", sua: str = "") -> HTMLResponse:
    context = _context(uow, official, q.strip()[:100], sua.strip()[:100], None, {})
    return render(request, "lexicon/list.html", context)


@router.post("")
def save(request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep) -> Response:
    values = {"term": forms.text(form, "term"), "spoken": forms.text(form, "spoken")}
    try:
        entry = lexicon.put(uow, official, values["term"], values["spoken"])
    except HubError as exc:
        uow.rollback()
        context = _context(uow, official, "", values["term"], exc, values)
        return render(request, "lexicon/list.html", context, status=exc.status)
    session.flash(f"Đã lưu: “{entry.term}” đọc là “{entry.spoken}”.")
    return see_other(f"{PATH}?q={quote(entry.term)}")


@router.post("/xoa")
def remove(request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep) -> Response:
    term = forms.text(form, "term")
    try:
        lexicon.remove(uow, official, term)
    except HubError as exc:
        uow.rollback()
        return render(request, "lexicon/list.html", _context(uow, official, "", "", exc, {}), status=exc.status)
    session.flash(f"Đã bỏ cách đọc của “{term}”: máy sẽ đánh vần từ này.")
    return see_other(PATH)


@router.get("/nghe", name="web.lexicon.listen")
def listen(official: Official, hub: HubDep, tu: str) -> Response:
    """The entry spoken by the configured voice (MP3), as it will sound in a bulletin."""
    found = service.preview(hub.database, official, hub.settings, tu.strip()[:100])
    headers = {"ETag": f'"{found.sha256}"', "Cache-Control": "private, max-age=300"}
    return FileResponse(found.path, media_type="audio/mpeg", headers=headers)
