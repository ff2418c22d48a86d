"""A second factor for emergencies ordered by chat (`/khancap`, `/duyet` of an emergency bulletin).

A chat account is one factor only: whoever holds the official's Telegram or Zalo (a stolen phone, a
hijacked account, a SIM swap) could otherwise put an emergency on every loudspeaker of the area. So
the chat command only *asks*; it runs once the official sends back a one-time code (`/xacnhan 123456`
or the six digits alone) that they fetched in the officials' web app (the dashboard's card "Mã xác
nhận lệnh khẩn cấp"), which needs their password-protected session. The code is never sent to the
chat that asked, nor to any chat: another linked chat may well be on the same stolen phone, and the
web sign-in is the one factor a stolen chat account does not give.

The code is generated when the signed-in official asks for it (so it can be stored hashed and shown
once), keyed with the hub's secret (a copy of the database alone does not reveal it), bound to the
request and to the chat that asked, valid `TTCS_CHAT_CONFIRM_CODE_MINUTES` (5) minutes, used once,
and voided after `MAX_ATTEMPTS` wrong tries. Requests, codes, successes and every refusal are audited.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import select, update

from bot.officials import linking
from bot.tables import confirmation_table
from hub.accounts.model import Principal
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.kit.errors import Forbidden, NotFound, Unauthorized
from hub.kit.time import utcnow

MAX_ATTEMPTS = 3
REQUEST_MINUTES = 15  # time to sign in to the web app and fetch the code
ACTION_EMERGENCY, ACTION_APPROVE = "emergency", "approve"

c = confirmation_table.c


class Status(StrEnum):
    PENDING = "pending"
    USED = "used"
    VOID = "void"


class Outcome(StrEnum):
    CONFIRMED = "confirmed"
    NOTHING_PENDING = "nothing_pending"
    NO_CODE_YET = "no_code_yet"
    EXPIRED = "expired"
    WRONG = "wrong"
    LOCKED = "locked"  # the last allowed attempt was wrong: the request is void


REFUSAL_REASONS = {
    Outcome.NOTHING_PENDING: "Không có lệnh nào đang chờ mã",
    Outcome.NO_CODE_YET: "Chưa lấy mã trên trang quản trị",
    Outcome.EXPIRED: "Mã đã hết hạn",
    Outcome.WRONG: "Mã sai",
    Outcome.LOCKED: "Mã sai quá số lần, lệnh bị hủy",
}


@dataclass(frozen=True)
class Request:
    id: int
    action: str
    payload: dict[str, Any]
    summary: str
    channel: str
    created_at: datetime
    expires_at: datetime
    code_expires_at: datetime | None


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    request: Request | None = None
    attempts_left: int = 0


def _request(row: Any) -> Request:
    return Request(
        row.id, row.action, dict(row.payload), row.summary, row.channel, row.created_at, row.expires_at,
        row.code_expires_at,
    )  # fmt: skip


def _hash(key: str, request_id: int, code: str) -> str:
    return hmac.new(key.encode(), f"{request_id}:{code}".encode(), hashlib.sha256).hexdigest()


def ask(
    uow: UnitOfWork, principal: Principal, channel_user_id: str, action: str, payload: dict[str, Any], summary: str
) -> Request:
    """Record an emergency command waiting for its code; an older request of the same chat is void."""
    if principal.user_id is None:
        raise Unauthorized("Cần tài khoản cán bộ.", code="official_required")
    now = utcnow()
    uow.session.execute(
        update(confirmation_table)
        .where(c.channel == principal.channel, c.channel_user_id == channel_user_id, c.status == Status.PENDING.value)
        .values(status=Status.VOID.value, finished_at=now)
    )
    values = {
        "user_id": principal.user_id,
        "channel": principal.channel,
        "channel_user_id": channel_user_id,
        "action": action,
        "payload": payload,
        "summary": summary[:300],
        "status": Status.PENDING.value,
        "created_at": now,
        "expires_at": now + timedelta(minutes=REQUEST_MINUTES),
        "attempts": 0,
    }
    request_id = uow.session.execute(confirmation_table.insert().values(values).returning(c.id)).scalar_one()
    record(uow, principal, "chat.confirm_request", "chat_confirmation", request_id, details={"action": action})
    return _request(uow.session.execute(select(confirmation_table).where(c.id == request_id)).one())


def pending_for(uow: UnitOfWork, principal: Principal) -> list[Request]:
    """The official's chat commands waiting for a code (the web app's card)."""
    if principal.user_id is None:
        return []
    query = (
        select(confirmation_table)
        .where(c.user_id == principal.user_id, c.status == Status.PENDING.value, c.expires_at > utcnow())
        .order_by(c.id.desc())
    )
    return [_request(row) for row in uow.session.execute(query)]


def issue_code(uow: UnitOfWork, principal: Principal, request_id: int, key: str, minutes: int) -> tuple[str, datetime]:
    """A fresh code for one of the official's own pending requests, shown once in the web app.

    Refused from a chat channel: the code must come from somewhere a stolen chat account cannot reach.
    """
    if principal.user_id is None or principal.channel in linking.CHAT_CHANNELS:
        raise Forbidden(
            "Mã xác nhận lệnh khẩn cấp chỉ lấy được trên trang quản trị, sau khi đăng nhập.", code="confirm_web_only"
        )
    now = utcnow()
    row = uow.session.execute(
        select(confirmation_table)
        .where(c.id == request_id, c.user_id == principal.user_id, c.status == Status.PENDING.value)
        .with_for_update()
    ).one_or_none()
    if row is None or row.expires_at <= now:
        raise NotFound("Lệnh này không còn chờ xác nhận. Anh/chị gửi lại lệnh từ tài khoản chat.", code="confirm_gone")
    code = f"{secrets.randbelow(1_000_000):06d}"
    expires = now + timedelta(minutes=minutes)
    uow.session.execute(
        update(confirmation_table)
        .where(c.id == request_id)
        .values(code_hash=_hash(key, request_id, code), code_expires_at=expires, attempts=0)
    )
    record(uow, principal, "chat.confirm_code", "chat_confirmation", request_id, details={"action": row.action})
    return code, expires


def verify(uow: UnitOfWork, principal: Principal, channel_user_id: str, code: str, key: str) -> Verdict:
    """Check a code sent from the chat that asked. Never raises for a wrong code: the attempt and its
    audit entry must be kept (the caller commits them), the action just does not run."""
    now = utcnow()
    row = uow.session.execute(
        select(confirmation_table)
        .where(
            c.channel == principal.channel,
            c.channel_user_id == channel_user_id,
            c.user_id == principal.user_id,
            c.status == Status.PENDING.value,
        )
        .order_by(c.id.desc())
        .limit(1)
        .with_for_update()
    ).one_or_none()
    if row is None or row.expires_at <= now:
        _refused(uow, principal, row, Outcome.NOTHING_PENDING)
        return Verdict(Outcome.NOTHING_PENDING)
    request = _request(row)
    if row.code_hash is None:
        _refused(uow, principal, row, Outcome.NO_CODE_YET)
        return Verdict(Outcome.NO_CODE_YET, request)
    if row.code_expires_at <= now:
        _refused(uow, principal, row, Outcome.EXPIRED)
        uow.session.execute(update(confirmation_table).where(c.id == row.id).values(code_hash=None))
        return Verdict(Outcome.EXPIRED, request)
    digits = "".join(ch for ch in code if ch.isdigit())
    if not hmac.compare_digest(row.code_hash, _hash(key, row.id, digits)):
        attempts = row.attempts + 1
        locked = attempts >= MAX_ATTEMPTS
        values: dict[str, Any] = {"attempts": attempts}
        if locked:
            values |= {"status": Status.VOID.value, "finished_at": now}
        uow.session.execute(update(confirmation_table).where(c.id == row.id).values(values))
        outcome = Outcome.LOCKED if locked else Outcome.WRONG
        _refused(uow, principal, row, outcome)
        return Verdict(outcome, request, MAX_ATTEMPTS - attempts)
    uow.session.execute(
        update(confirmation_table).where(c.id == row.id).values(status=Status.USED.value, finished_at=now)
    )
    record(uow, principal, "chat.confirm", "chat_confirmation", row.id, details={"action": row.action})
    return Verdict(Outcome.CONFIRMED, request)


def _refused(uow: UnitOfWork, principal: Principal, row: Any, outcome: Outcome) -> None:
    target = row.id if row is not None else ""
    details = {"outcome": outcome.value, "action": row.action if row is not None else None}
    reason = REFUSAL_REASONS[outcome]
    record(uow, principal, "chat.confirm_refused", "chat_confirmation", target, reason=reason, details=details)
