"""Reporting upward: device status (message 8) and broadcast logs (message 9) to the configured
upstream system, in the source-system format.

Two steps, both in the periodic job `exchange.upstream`:

1. **Collect** into the outbox (`upstream_outbox`): every play log past the cursor, and the status of
   each device when its state changes or at most every `STATUS_EVERY` while it reports. Each record has
   a unique `dedupe_key`, so collecting twice adds nothing.
2. **Send** the oldest unsent records, in order, in batches of `TTCS_UPSTREAM_BATCH_SIZE`: a JSON array
   of records per request, with an `Idempotency-Key` naming the records' ids (an upstream that saw the
   batch already may answer success again). The batch's last id is stored before it is sent, so a batch
   whose answer was lost goes again exactly as it was (same records, same key). A batch is marked sent
   in the transaction that follows its success, so it is never sent again; a failure stops the run
   (order is kept) and the next attempt waits 5 s, 10 s, 20 s … up to `TTCS_UPSTREAM_RETRY_MAX_SECONDS`.
   The backlog is visible at `GET /api/v1/exchange/upstream` and on the dashboard.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from hub.config import Settings
from hub.context import Hub, ServiceKey
from hub.db.uow import UnitOfWork
from hub.devices.model import Device, State
from hub.devices.tables import device_table, play_log_table
from hub.exchange.model import OutboxEntry, UpstreamState
from hub.exchange.repository import ExchangeRepository
from hub.exchange.settings import ExchangeSettings
from hub.kit.time import VN_TZ, utcnow

log = logging.getLogger(__name__)
STATE = "upstream"
STATUS_EVERY = timedelta(minutes=5)
FIRST_RETRY = 5.0
COLLECT_MAX = 2000
PATHS = {"status": "/cum-loa/trang-thai", "log": "/ban-tin/nhat-ky"}
PLAYED_IN_FULL = "played"


def wire_time(moment: datetime) -> str:
    """The format's date-time: local time, six fractional digits, no offset."""
    return moment.astimezone(VN_TZ).strftime("%Y-%m-%dT%H:%M:%S.%f")


def source_id(settings: Settings) -> str:
    return settings.of(ExchangeSettings).upstream_source_id or str(settings.province_code)


def state(uow: UnitOfWork, *, for_update: bool = False) -> UpstreamState:
    repo = ExchangeRepository(uow.session)
    found = repo.state(STATE, for_update=for_update)
    if found is None:
        found = UpstreamState(STATE, failures=0, last_error="", log_cursor=0)
        repo.add(found)
        repo.flush()
    return found


# -- collecting ---------------------------------------------------------------------------------------


def collect(uow: UnitOfWork, settings: Settings) -> int:
    """Copy new play logs and changed device states into the outbox; the number of records added."""
    repo, now, nguon = ExchangeRepository(uow.session), utcnow(), source_id(settings)
    current = state(uow, for_update=True)
    pl, d = play_log_table.c, device_table.c
    rows = uow.session.execute(
        select(pl.id, pl.bulletin_id, pl.item_id, pl.started_at, pl.result, d.imei)
        .join(device_table, d.id == pl.device_id)
        .where(pl.id > current.log_cursor)
        .order_by(pl.id)
        .limit(COLLECT_MAX)
    ).all()
    ban_tin = repo.ban_tin_ids([r.bulletin_id for r in rows if r.bulletin_id is not None])
    added = 0
    for row in rows:
        payload = {
            "NguonId": nguon,
            "BanTinId": ban_tin.get(row.bulletin_id) or str(row.bulletin_id or row.item_id),
            "CumLoaId": row.imei,
            "ThoiDiemGui": wire_time(row.started_at),
            "LoaiNhatKy": 1,
            "GiaTri": 1 if row.result == PLAYED_IN_FULL else 0,
            "KetQua": row.result,
        }
        repo.add(OutboxEntry("log", f"log:{row.id}", payload, now))
        current.log_cursor = row.id
        added += 1
    devices = uow.session.scalars(select(Device).where(d.state != State.REVOKED.value).order_by(d.id)).all()
    wanted = {_status_key(device, now): device for device in devices}
    known = repo.outbox_keys(list(wanted))
    for key, device in wanted.items():
        if key not in known:
            repo.add(OutboxEntry("status", key, _status(device, nguon, now), now))
            added += 1
    repo.flush()
    return added


def _status_key(device: Device, now: datetime) -> str:
    seen = device.last_seen_at or device.state_since or device.created_at
    slot = int(seen.timestamp() // STATUS_EVERY.total_seconds()) if device.state == State.ONLINE else 0
    return f"status:{device.imei}:{device.state}:{(device.state_since or device.created_at).isoformat()}:{slot}"


def _status(device: Device, nguon: str, now: datetime) -> dict[str, Any]:
    online = device.state == State.ONLINE
    operating = str(device.status.get("operating_state", "idle")) if online else "off"
    return {
        "NguonId": nguon,
        "CumLoaId": device.imei,
        "TrangThaiHoatDong": 1 if online and operating in ("playing", "idle") else 0,
        "TrangThaiKetNoi": str(device.status.get("connection", "")) if online else "mất kết nối",
        "AmLuong": int(device.status.get("volume", device.volume)) if online else device.volume,
        "ThoiDiemGui": wire_time(device.last_seen_at or now),
    }


# -- sending -----------------------------------------------------------------------------------------


class UpstreamError(Exception):
    pass


class UpstreamSession:
    """The source system's access token, held by the hub between runs of the job (a service of the
    hub: each hub signs in with its own account, and a fresh hub signs in again)."""

    LIFETIME = timedelta(minutes=30)

    def __init__(self) -> None:
        self._held: tuple[str, datetime] | None = None
        self._lock = threading.Lock()

    def token(self, client: httpx.Client, settings: Settings, fresh: bool = False) -> str:
        with self._lock:
            held = self._held
        if held and not fresh and held[1] > utcnow():
            return held[0]
        upstream = settings.of(ExchangeSettings)
        answer = _post(
            client,
            settings,
            "/dang-nhap",
            {"TenDangNhap": upstream.upstream_username, "MatKhau": upstream.upstream_password},
            None,
        )
        token = str(answer.get("MaTruyCap") or answer.get("access_token") or "")
        if not token:
            raise UpstreamError("đăng nhập không trả về mã truy cập")
        with self._lock:
            self._held = (token, utcnow() + self.LIFETIME)
        return token


SESSION = ServiceKey[UpstreamSession]("exchange.upstream.session")


def _post(
    client: httpx.Client, settings: Settings, path: str, body: Any, token: str | None, key: str = ""
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if key:
        headers["Idempotency-Key"] = key
    try:
        response = client.post(
            settings.of(ExchangeSettings).upstream_url.rstrip("/") + path, json=body, headers=headers
        )
    except httpx.HTTPError as exc:
        raise UpstreamError(f"{path}: {type(exc).__name__}: {exc}") from exc
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    if response.status_code == 401 and token:
        raise PermissionError(path)
    if response.status_code != 200 or not isinstance(answer, dict) or answer.get("TrangThaiGui") != 0:
        detail = answer.get("MoTa", "") if isinstance(answer, dict) else ""
        raise UpstreamError(f"{path}: HTTP {response.status_code} {detail}".strip())
    return answer


@dataclass(frozen=True)
class Sent:
    records: int
    error: str = ""


def send(hub: Hub) -> Sent:
    """Send what is due, oldest first, until the outbox is empty or the upstream fails."""
    database, settings, session = hub.database, hub.settings, hub.service(SESSION)
    total = 0
    with database.uow() as uow:
        current = state(uow)
        waiting = current.next_at is not None and current.next_at > utcnow()
        uow.commit()
    if waiting:
        return Sent(0)
    upstream = settings.of(ExchangeSettings)
    with httpx.Client(timeout=upstream.upstream_timeout_seconds) as client:
        while True:
            with database.uow() as uow:
                current = state(uow, for_update=True)
                repo = ExchangeRepository(uow.session)
                batch = _run(repo.unsent(upstream.upstream_batch_size, current.pending_last))
                if not batch:
                    current.pending_last = None
                    uow.commit()
                    return Sent(total)
                # Kept before sending: if the answer is lost, the same batch goes again under the same key.
                current.pending_last = batch[-1].id
                uow.commit()
                try:
                    _deliver(client, settings, session, batch)
                except UpstreamError as exc:
                    current.failures += 1
                    wait = min(FIRST_RETRY * 2 ** (current.failures - 1), upstream.upstream_retry_max_seconds)
                    current.next_at = utcnow() + timedelta(seconds=wait)
                    current.last_error = str(exc)[:500]
                    uow.commit()
                    log.warning("upstream: %s; next attempt in %.0f s", exc, wait)
                    return Sent(total, str(exc))
                now = utcnow()
                for entry in batch:
                    entry.sent_at = now
                current.failures, current.next_at, current.last_error, current.last_sent_at = 0, None, "", now
                current.pending_last = None
                uow.commit()
                total += len(batch)


def _run(entries: Any) -> list[OutboxEntry]:
    """The leading records of one kind (a batch never mixes kinds, so the order is kept)."""
    entries = list(entries)
    if not entries:
        return []
    kind = entries[0].kind
    out = []
    for entry in entries:
        if entry.kind != kind:
            break
        out.append(entry)
    return out


def _deliver(client: httpx.Client, settings: Settings, session: UpstreamSession, batch: list[OutboxEntry]) -> None:
    path, body = PATHS[batch[0].kind], [entry.payload for entry in batch]
    key = f"ttcs-{batch[0].id}-{batch[-1].id}"
    try:
        _post(client, settings, path, body, session.token(client, settings), key)
    except PermissionError:  # our token expired at the upstream: sign in again once
        _post(client, settings, path, body, session.token(client, settings, fresh=True), key)


# -- the backlog ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Backlog:
    configured: bool
    waiting: int
    oldest: datetime | None
    sent: int
    failures: int
    next_attempt_at: datetime | None
    last_error: str
    last_sent_at: datetime | None


def backlog(uow: UnitOfWork, settings: Settings | None) -> Backlog:
    """What waits to go upward (`settings` None: whether an upstream is configured is not asked)."""
    repo = ExchangeRepository(uow.session)
    waiting, oldest = repo.backlog()
    current = repo.state(STATE) or UpstreamState(STATE)
    return Backlog(
        bool(settings and settings.of(ExchangeSettings).upstream_url), waiting, oldest, repo.sent_count(),
        current.failures, current.next_at,
        current.last_error, current.last_sent_at,
    )  # fmt: skip
