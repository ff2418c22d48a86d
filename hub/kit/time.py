"""Time: UTC in storage and on the wire, Asia/Ho_Chi_Minh for people."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; a naive value is taken as Vietnam local time, as officials type it."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=VN_TZ)
    return value.astimezone(UTC)


def local(value: datetime) -> datetime:
    return as_utc(value).astimezone(VN_TZ)


def format_local(value: datetime | None) -> str:
    """ "07:30 20/01/2026" — the way Vietnamese officials read a time."""
    if value is None:
        return ""
    return local(value).strftime("%H:%M %d/%m/%Y")
