"""HTTP for officials' chat accounts: a one-time link code, the accounts linked, unlinking."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from bot.officials import linking, pages
from bot.settings import BotSettings
from hub.http.deps import CurrentPrincipal, HubDep, ReadUow, WriteUow
from hub.http.params import Id
from hub.kit.errors import NotFound
from hub.plugins import Registry
from hub.web.extensions import DashboardCard, NavEntry, web_of

router = APIRouter(prefix="/api/v1/chat", tags=["chat"])


class LinkCode(BaseModel):
    code: str
    expires_at: datetime
    how: str


class LinkOut(BaseModel):
    id: int
    channel: str
    linked_at: datetime


@router.post("/link-code", response_model=LinkCode, summary="Lấy mã liên kết tài khoản chat (Telegram, Zalo)")
def link_code(uow: WriteUow, principal: CurrentPrincipal, hub: HubDep) -> LinkCode:
    code, expires = linking.issue_code(uow, principal, hub.settings.of(BotSettings).chat_link_code_minutes)
    return LinkCode(
        code=code, expires_at=expires, how=f"Nhắn cho kênh Telegram hoặc Zalo của hệ thống: /lienket {code}"
    )


@router.get("/links", response_model=list[LinkOut], summary="Tài khoản chat đã liên kết")
def links(uow: ReadUow, principal: CurrentPrincipal) -> list[LinkOut]:
    return [LinkOut(id=x.id, channel=x.channel, linked_at=x.linked_at) for x in linking.links_of(uow, principal)]


@router.delete("/links/{link_id}", status_code=204, summary="Bỏ liên kết một tài khoản chat")
def unlink(link_id: Id, uow: WriteUow, principal: CurrentPrincipal) -> None:
    found = next((x for x in linking.links_of(uow, principal) if x.id == link_id), None)
    if found is None:
        raise NotFound(f"Không có liên kết số {link_id}.", code="link_not_found")
    linking.unlink(uow, found.channel, found.channel_user_id)


def register(registry: Registry) -> None:
    registry.router(router)
    registry.router(pages.router)
    registry.router(pages.confirm_router)
    web_of(registry).nav(NavEntry("Liên kết chat", pages.PATH, None, order=95, key="chat"))
    web_of(registry).card(
        DashboardCard(
            "emergency_confirm", "Mã xác nhận lệnh khẩn cấp", "chat/confirm_card.html", pages.load_card, order=1
        )
    )
