"""Devices: loudspeaker clusters ("cụm loa") and public e-boards, their tokens, state, play logs,
commands and alerts. Plain rules, no storage.

A device is identified by its IMEI or vendor id (`imei`, the source systems' `CumLoaId`). It
authenticates with a bearer token issued once; the hub keeps only the token's SHA-256, so a lost
token is rotated, never shown again.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from hub.kit.errors import Conflict, InvalidInput
from hub.kit.ids import ASSIGNED_ON_FLUSH

IMEI_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{2,63}$")
TOKEN_PREFIX = "ttcsd_"


class Kind(StrEnum):
    LOUDSPEAKER = "loudspeaker"
    EBOARD = "eboard"


KIND_LABELS = {Kind.LOUDSPEAKER: "Cụm loa", Kind.EBOARD: "Bảng tin điện tử"}


class State(StrEnum):
    NEW = "new"  # registered, never heard from
    ONLINE = "online"
    OFFLINE = "offline"
    REVOKED = "revoked"


STATE_LABELS = {
    State.NEW: "Chưa kết nối",
    State.ONLINE: "Đang hoạt động",
    State.OFFLINE: "Mất kết nối",
    State.REVOKED: "Đã thu hồi mã",
}


class Activity(StrEnum):
    """What an operator sees at a glance: the state, and "playing" for an online device that says so."""

    PLAYING = "playing"
    ONLINE = "online"
    OFFLINE = "offline"
    NEW = "new"
    REVOKED = "revoked"


ACTIVITY_LABELS = {
    Activity.PLAYING: "Đang phát",
    Activity.ONLINE: "Đang hoạt động",
    Activity.OFFLINE: "Mất kết nối",
    Activity.NEW: "Chưa kết nối",
    Activity.REVOKED: "Đã thu hồi mã",
}


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_imei(imei: str) -> str:
    imei = imei.strip()
    if not IMEI_RE.match(imei):
        raise InvalidInput(
            "Mã thiết bị (IMEI) gồm 3–64 chữ, số hoặc . _ : -", code="imei_invalid", field="imei", imei=imei
        )
    return imei


def check_volume(volume: int, field_name: str = "volume") -> int:
    if not 0 <= volume <= 100:
        raise InvalidInput("Âm lượng phải từ 0 đến 100.", code="volume_invalid", field=field_name)
    return volume


@dataclass(eq=False)
class Device:
    imei: str
    name: str
    kind: Kind
    area_id: int
    area_code: str
    area_path: str
    token_hash: str
    created_at: datetime
    group_name: str = ""
    vendor: str = ""
    location: str = ""
    lat: float | None = None
    lon: float | None = None
    volume: int = 70
    state: State = State.NEW
    state_since: datetime | None = None
    last_seen_at: datetime | None = None
    revoked_at: datetime | None = None
    status: dict[str, Any] = field(default_factory=dict)
    alarms: list[str] = field(default_factory=list)
    app_version: str = ""
    id: int = ASSIGNED_ON_FLUSH

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def activity(self) -> Activity:
        """Playing only when online and its last heartbeat said so (an offline one may have stopped)."""
        if self.state == State.ONLINE and self.status.get("operating_state") == "playing":
            return Activity.PLAYING
        return Activity(str(self.state))

    def revoke(self, now: datetime) -> None:
        if self.revoked:
            raise Conflict(f"Mã của thiết bị {self.imei} đã bị thu hồi trước đó.", code="already_revoked")
        self.revoked_at = now
        self.state, self.state_since = State.REVOKED, now

    def rotate(self, now: datetime) -> str:
        """A new token; the old one stops working. A revoked device comes back into service."""
        token = new_token()
        self.token_hash = hash_token(token)
        if self.revoked:
            self.revoked_at = None
            self.state, self.state_since = State.NEW, now
        return token

    def seen(self, now: datetime, status: dict[str, Any], alarms: list[str], app_version: str) -> bool:
        """Record a heartbeat; True when the device came back (it was offline or new)."""
        came_back = self.state in (State.NEW, State.OFFLINE)
        self.last_seen_at = now
        self.status = status
        self.alarms = alarms
        self.app_version = app_version
        if came_back:
            self.state, self.state_since = State.ONLINE, now
        return came_back

    def silent(self, now: datetime, after: timedelta) -> bool:
        """Online but not heard from for longer than `after` (a device never seen stays "new")."""
        return self.state == State.ONLINE and (self.last_seen_at is None or self.last_seen_at <= now - after)

    def go_offline(self, now: datetime) -> None:
        self.state, self.state_since = State.OFFLINE, now


class CommandStatus(StrEnum):
    QUEUED = "queued"
    DONE = "done"
    FAILED = "failed"


@dataclass(eq=False)
class DeviceCommand:
    device_id: int
    kind: str
    args: dict[str, Any]
    created_at: datetime
    status: CommandStatus = CommandStatus.QUEUED
    created_by_id: int | None = None
    acked_at: datetime | None = None
    detail: str = ""
    id: int = ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class PlayLog:
    device_id: int
    item_id: str
    started_at: datetime
    ended_at: datetime
    result: str
    received_at: datetime
    bulletin_id: int | None = None
    detail: str = ""
    lang: str = ""  # the language that played ("vi", "ede" …); "" from players before languages
    id: int = ASSIGNED_ON_FLUSH


class AlertKind(StrEnum):
    OFFLINE = "offline"
    MAINS_LOST = "mains_lost"
    SPEAKER_LINE_FAULT = "speaker_line_fault"
    STORAGE_FULL = "storage_full"
    OVERHEAT = "overheat"


ALERT_LABELS = {
    AlertKind.OFFLINE: "Mất kết nối",
    AlertKind.MAINS_LOST: "Mất điện lưới",
    AlertKind.SPEAKER_LINE_FAULT: "Lỗi đường dây loa",
    AlertKind.STORAGE_FULL: "Đầy bộ nhớ",
    AlertKind.OVERHEAT: "Quá nhiệt",
}


@dataclass(eq=False)
class DeviceAlert:
    device_id: int
    area_path: str
    kind: AlertKind
    opened_at: datetime
    closed_at: datetime | None = None
    detail: str = ""
    id: int = ASSIGNED_ON_FLUSH


def hour_number(moment: datetime) -> int:
    """The heartbeat history's bucket of `moment` (`device_seen.hour`): whole UTC hours since 1970-01-01
    (an integer keeps the history small: a device heard all year is 8,760 short rows)."""
    return int(moment.timestamp() // 3600)


def hour_start(number: int) -> datetime:
    """The moment the history's hour `number` began (aware, UTC)."""
    return datetime.fromtimestamp(number * 3600, UTC)
