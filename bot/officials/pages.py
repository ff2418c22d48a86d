"""The officials' web pages for their chat accounts: a one-time code to link one (sent from Telegram
or Zalo), the accounts linked (each can be unlinked), and the codes that confirm an emergency ordered
by chat (see bot/officials/confirm.py)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from bot.officials import confirm, linking
from bot.settings import BotSettings
from hub.contacts.model import CHANNEL_LABELS
from hub.http.deps import HubDep, ReadUow, WriteUow
from hub.http.params import Id
from hub.kit.errors import HubError
from hub.web.extensions import CardContext
from hub.web.routing import Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

PATH = "/quan-tri/lien-ket-chat"
router = page_router(PATH)


def _page(request: Request, uow, official, **extra: object) -> HTMLResponse:
    links = [(x, CHANNEL_LABELS.get(x.channel, x.channel)) for x in linking.links_of(uow, official)]
    context = {"title": "Liên kết tài khoản chat", "current": "chat", "links": links, **extra}
    return render(request, "chat/links.html", context)


@router.get("", name="chat.links")
def links_page(request: Request, official: Official, uow: ReadUow) -> HTMLResponse:
    return _page(request, uow, official)


@router.post("/ma", name="chat.link_code")
def new_code(request: Request, official: Official, uow: WriteUow, hub: HubDep) -> HTMLResponse:
    code, expires = linking.issue_code(uow, official, hub.settings.of(BotSettings).chat_link_code_minutes)
    return _page(request, uow, official, code=code, expires=expires)


@router.post("/{link_id:int}/bo", name="chat.unlink")
def unlink(request: Request, official: Official, uow: WriteUow, session: WebSessionDep, link_id: Id) -> Response:
    found = next((x for x in linking.links_of(uow, official) if x.id == link_id), None)
    if found is not None:
        linking.unlink(uow, found.channel, found.channel_user_id)
        session.flash("Đã bỏ liên kết.")
    return see_other(PATH)


CONFIRM_PATH = "/quan-tri/xac-nhan-khan-cap"
confirm_router = page_router(CONFIRM_PATH)


def _confirm_page(request: Request, uow, official, **extra: object) -> HTMLResponse:
    context = {
        "title": "Mã xác nhận lệnh khẩn cấp",
        "current": "dashboard",
        "requests": confirm.pending_for(uow, official),
        "max_attempts": confirm.MAX_ATTEMPTS,
        **extra,
    }
    return render(request, "chat/confirm.html", context)


@confirm_router.get("", name="chat.confirmations")
def confirmations_page(request: Request, official: Official, uow: ReadUow) -> HTMLResponse:
    return _confirm_page(request, uow, official)


@confirm_router.post("/{request_id:int}/ma", name="chat.confirm_code")
def confirm_code(request: Request, official: Official, uow: WriteUow, hub: HubDep, request_id: int) -> HTMLResponse:
    """The code is shown here once, to the signed-in official, never sent to any chat."""
    settings = hub.settings
    try:
        code, expires = confirm.issue_code(
            uow, official, request_id, settings.signing_key(), settings.of(BotSettings).chat_confirm_code_minutes
        )
    except HubError as exc:
        uow.rollback()
        return _confirm_page(request, uow, official, error=exc)
    return _confirm_page(request, uow, official, code=code, expires=expires, for_request=request_id)


def load_card(ctx: CardContext) -> list[confirm.Request] | None:
    """The dashboard card: the official's chat commands waiting for a code (hidden when none)."""
    return confirm.pending_for(ctx.uow, ctx.principal) or None
