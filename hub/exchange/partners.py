"""Source systems and their partner accounts: registered by an admin (`ttcs source add`), and the
sign-in of a source system (username/password → bearer token, the format's login)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from hub.accounts import service as accounts
from hub.accounts.access import require
from hub.accounts.model import Permission, Principal, Role
from hub.areas import service as areas
from hub.audit.service import record
from hub.config import Settings
from hub.db.uow import UnitOfWork
from hub.exchange.model import SourceSystem
from hub.exchange.repository import ExchangeRepository
from hub.kit.errors import Conflict, InvalidInput, Unauthorized
from hub.kit.time import utcnow

CODE_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# What a source may do inside its area: write bulletins and operate the clusters it registers.
PARTNER_ROLES = (Role.EDITOR, Role.DEVICE_OPERATOR)


def add_source(
    uow: UnitOfWork, principal: Principal, code: str, name: str, area_code: str, username: str, password: str
) -> SourceSystem:
    code = code.strip()
    if not CODE_RE.match(code):
        raise InvalidInput("NguonId gồm 1–64 chữ, số hoặc . _ -", code="source_code_invalid", field="code")
    area = areas.get(uow, area_code)
    require(principal, Permission.MANAGE_USERS, area)
    repo = ExchangeRepository(uow.session)
    if repo.source(code) is not None:
        raise Conflict(f"Hệ thống nguồn {code} đã được đăng ký.", code="source_exists")
    user = accounts.create_user(
        uow, principal, username, f"Hệ thống nguồn {name or code}", password, [(r, area.code) for r in PARTNER_ROLES]
    )
    uow.session.flush()
    source = SourceSystem(code, (name or code).strip()[:200], user.id, area.id, utcnow())
    repo.add(source)
    repo.flush()
    record(uow, principal, "source.add", "source", code, area_code=area.code, details={"username": user.username})
    return source


@dataclass(frozen=True)
class SignedIn:
    token: str
    expires_at: datetime
    source: SourceSystem


def sign_in(uow: UnitOfWork, settings: Settings, key: str, username: str, password: str, address: str) -> SignedIn:
    """The format's login: the same checks and lockout as officials' sign-in, for partner accounts only."""
    user = accounts.login(uow, accounts.LoginPolicy.of(settings), username, password, address, channel="source")
    source = ExchangeRepository(uow.session).source_of_user(user.id) if user is not None else None
    if user is None or source is None:
        raise Unauthorized("Tên đăng nhập hoặc mật khẩu không đúng.", code="bad_credentials")
    token, expires = accounts.issue_token(user, key, timedelta(minutes=settings.token_ttl_minutes))
    return SignedIn(token, expires, source)
