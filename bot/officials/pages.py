"""The officials' web page to link a chat account: a one-time code to send from Telegram or Zalo,
and the accounts linked (each can be unlinked)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from bot.officials import linking
from hub.contacts.model import CHANNEL_LABELS
from hub.http.deps import HubDep, ReadUow, WriteUow
from hub.web.routing import Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

PATH = "/quan-tri/lien-ket-chat"
router = page_router(PATH)


def _page(request: Request, uow, official, **extra: object) -> HTMLResponse:  # type: ignore[no-untyped-def]
    links = [(x, CHANNEL_LABELS.get(x.channel, x.channel)) for x in linking.links_of(uow, official)]
    context = {"title": "Liên kết tài khoản chat", "current": "chat", "links": links, **extra}
    return render(request, "chat/links.html", context)


@router.get("", name="chat.links")
def links_page(request: Request, official: Official, uow: ReadUow) -> HTMLResponse:
    return _page(request, uow, official)


@router.post("/ma", name="chat.link_code")
def new_code(request: Request, official: Official, uow: WriteUow, hub: HubDep) -> HTMLResponse:
    code, expires = linking.issue_code(uow, official, hub.settings.chat_link_code_minutes)
    return _page(request, uow, official, code=code, expires=expires)


@router.post("/{link_id:int}/bo", name="chat.unlink")
def unlink(request: Request, official: Official, uow: WriteUow, session: WebSessionDep, link_id: int) -> Response:
    found = next((x for x in linking.links_of(uow, official) if x.id == link_id), None)
    if found is not None:
        linking.unlink(uow, found.channel, found.channel_user_id)
        session.flash("Đã bỏ liên kết.")
    return see_other(PATH)
