"""Linking an official's chat account (a Telegram chat, a Zalo user) to their hub account.

The official asks for a one-time code in the web app or the API (`POST /api/v1/chat/link-code`),
then sends `/lienket CODE` from the chat. The code is stored hashed, used once, and expires after
`TTCS_CHAT_LINK_CODE_MINUTES`. From then on the chat acts as that official, with their roles and
areas, audited with the chat's channel.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from bot.model import ChatLink
from bot.repository import LinkRepository
from hub.accounts import service as accounts
from hub.accounts.model import Principal
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.kit.errors import NotFound, Unauthorized
from hub.kit.time import utcnow

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read on one screen, typed on another
CHAT_CHANNELS = frozenset({"telegram", "zalo"})


def _hash(code: str) -> str:
    return hashlib.sha256(re.sub(r"[\s-]", "", code).upper().encode()).hexdigest()


def issue_code(uow: UnitOfWork, principal: Principal, minutes: int) -> tuple[str, datetime]:
    """A one-time code for `principal` to send from their chat."""
    if principal.user_id is None:
        raise Unauthorized("Cần đăng nhập bằng tài khoản cán bộ.", code="official_required")
    raw = "".join(secrets.choice(ALPHABET) for _ in range(8))
    code = f"{raw[:4]}-{raw[4:]}"
    now = utcnow()
    expires = now + timedelta(minutes=minutes)
    LinkRepository(uow.session).add_code(principal.user_id, _hash(code), now, expires)
    record(uow, principal, "chat.link_code", "user", principal.username)
    return code, expires


def link(uow: UnitOfWork, channel: str, channel_user_id: str, code: str) -> Principal:
    """Link this chat to the official whose code it is; returns them as a principal of the channel."""
    links = LinkRepository(uow.session)
    now = utcnow()
    user_id = links.use_code(_hash(code), now)
    user = uow.users.get(user_id) if user_id is not None else None
    if user is None or not user.is_active:
        raise NotFound(
            "Mã liên kết không đúng hoặc đã hết hạn. Vui lòng lấy mã mới trên trang Cá nhân của hệ thống.",
            code="link_code_invalid",
        )
    existing = links.find(channel, channel_user_id)
    if existing is not None:
        links.remove(existing)
        uow.session.flush()
    links.add(ChatLink(user.id, channel, channel_user_id, now))
    principal = accounts.principal_for_user(uow, user.username, channel)
    record(uow, principal, "chat.link", "user", user.username, details={"channel": channel})
    return principal


def unlink(uow: UnitOfWork, channel: str, channel_user_id: str) -> bool:
    links = LinkRepository(uow.session)
    existing = links.find(channel, channel_user_id)
    if existing is None:
        return False
    principal = principal_of(uow, channel, channel_user_id)
    links.remove(existing)
    if principal is not None:
        record(uow, principal, "chat.unlink", "user", principal.username, details={"channel": channel})
    return True


def principal_of(uow: UnitOfWork, channel: str, channel_user_id: str) -> Principal | None:
    """The official this chat account is linked to (None: a citizen, or a disabled account)."""
    if channel not in CHAT_CHANNELS:
        return None
    found = LinkRepository(uow.session).find(channel, channel_user_id)
    user = uow.users.get(found.user_id) if found is not None else None
    if user is None or not user.is_active:
        return None
    return accounts.principal_for_user(uow, user.username, channel)


def links_of(uow: UnitOfWork, principal: Principal) -> list[ChatLink]:
    if principal.user_id is None:
        return []
    return list(LinkRepository(uow.session).of_user(principal.user_id))
