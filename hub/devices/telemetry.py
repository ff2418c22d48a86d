"""What devices send: who they are (token), heartbeats, play logs, command acknowledgements.

A device acts only for itself: a heartbeat or log naming another device is refused (403), a bad
or revoked token is 401. Play logs are idempotent by (device, item, start): a batch sent again
after a lost answer is not counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.protocol import Command, CommandAcks, CommandKind, Heartbeat, PlayLogBatch
from hub.accounts.model import Principal
from hub.audit.service import record
from hub.broadcasts import changes
from hub.db.uow import UnitOfWork
from hub.devices.model import AlertKind, CommandStatus, Device, DeviceAlert, hash_token
from hub.devices.repository import DeviceRepository
from hub.jobs.model import Event
from hub.kit.errors import Forbidden, Unauthorized
from hub.kit.time import utcnow

ALARM_ALERTS = {a.value for a in AlertKind if a != AlertKind.OFFLINE}


@dataclass(frozen=True)
class Identity:
    """A device as the protocol endpoints know it (cached per token hash by `hub.devices.runtime`)."""

    id: int
    imei: str
    name: str
    kind: str
    area_id: int
    area_code: str
    area_path: str
    volume: int


def authenticate(uow: UnitOfWork, token: str) -> Identity:
    if not token:
        raise Unauthorized("Thiết bị cần gửi mã truy cập (Authorization: Bearer …).", code="device_token_missing")
    device = DeviceRepository(uow.session).by_token_hash(hash_token(token))
    if device is None or device.revoked:
        raise Unauthorized("Mã thiết bị không đúng hoặc đã bị thu hồi.", code="device_token_invalid")
    return Identity(
        device.id,  # type: ignore[arg-type]
        device.imei,
        device.name,
        str(device.kind),
        device.area_id,
        device.area_code,
        device.area_path,
        device.volume,
    )


def _same(identity: Identity, claimed: str) -> None:
    if claimed != identity.imei:
        raise Forbidden(
            f"Thiết bị {identity.imei} không được gửi dữ liệu thay cho thiết bị “{claimed}”.",
            code="device_mismatch",
            device_id=identity.imei,
        )


def _device(uow: UnitOfWork, identity: Identity) -> Device:
    device = DeviceRepository(uow.session).get(identity.id)
    if device is None or device.revoked:
        raise Unauthorized("Mã thiết bị không đúng hoặc đã bị thu hồi.", code="device_token_invalid")
    return device


def heartbeat(uow: UnitOfWork, identity: Identity, beat: Heartbeat) -> Device:
    _same(identity, beat.device_id)
    device = _device(uow, identity)
    now = utcnow()
    status = beat.model_dump(mode="json", exclude={"device_id", "alarms", "app_version"})
    alarms = sorted({a.value for a in beat.alarms})
    came_back = device.seen(now, status, alarms, beat.app_version)
    repo = DeviceRepository(uow.session)
    system = Principal.system("device")
    if came_back:
        alert = repo.open_alert(device.id, AlertKind.OFFLINE.value)  # type: ignore[arg-type]
        if alert is not None:
            alert.closed_at = now
        record(uow, system, "device.online", "device", device.imei, area_code=device.area_code, to_state="online")
        uow.emit(Event("device.online", {"device_id": device.imei, "area_code": device.area_code}))
    for kind in ALARM_ALERTS:
        open_ = repo.open_alert(device.id, kind)  # type: ignore[arg-type]
        if kind in alarms and open_ is None:
            repo.add(DeviceAlert(device.id, device.area_path, AlertKind(kind), now))  # type: ignore[arg-type]
            record(
                uow, system, "device.alarm", "device", device.imei, area_code=device.area_code, details={"alarm": kind}
            )
            uow.emit(Event("device.alarm", {"device_id": device.imei, "area_code": device.area_code, "alarm": kind}))
        elif kind not in alarms and open_ is not None:
            open_.closed_at = now
    return device


def play_logs(uow: UnitOfWork, identity: Identity, batch: PlayLogBatch) -> tuple[int, int]:
    """Store a batch; (stored now, stored before)."""
    _same(identity, batch.device_id)
    _device(uow, identity)
    now = utcnow()
    repo = DeviceRepository(uow.session)
    known = repo.existing_bulletins({e.bulletin_id for e in batch.entries if e.bulletin_id})
    rows = {}
    for e in batch.entries:
        key = (e.item_id, e.start)
        rows[key] = {
            "device_id": identity.id,
            "item_id": e.item_id,
            "bulletin_id": e.bulletin_id if e.bulletin_id in known else None,
            "started_at": e.start,
            "ended_at": e.end,
            "result": e.result.value,
            "detail": e.detail,
            "received_at": now,
        }
    stored = repo.add_play_logs(list(rows.values()))
    return stored, len(batch.entries) - stored


def pending_commands(uow: UnitOfWork, identity: Identity) -> list[Command]:
    found = DeviceRepository(uow.session).queued_commands(identity.id)
    return [Command(id=c.id, kind=CommandKind(c.kind), args=c.args, created_at=c.created_at) for c in found]  # type: ignore[arg-type]


def acknowledge(uow: UnitOfWork, identity: Identity, acks: CommandAcks) -> int:
    _same(identity, acks.device_id)
    repo = DeviceRepository(uow.session)
    now, done = utcnow(), 0
    for ack in acks.acks:
        command = repo.command(ack.id)
        if command is None or command.device_id != identity.id:
            raise Forbidden(f"Lệnh số {ack.id} không phải của thiết bị {identity.imei}.", code="command_mismatch")
        if command.status != CommandStatus.QUEUED:
            continue  # acknowledged before: the device sent the same acknowledgement again
        command.status = CommandStatus.DONE if ack.result == "done" else CommandStatus.FAILED
        command.acked_at, command.detail = now, ack.detail
        if command.kind == CommandKind.VOLUME.value and ack.result == "done":
            device = repo.get(identity.id)
            if device is not None:
                device.volume = int(command.args["volume"])
                changes.touch(uow.session, {changes.device_scope(device.imei): False})
        done += 1
    return done
