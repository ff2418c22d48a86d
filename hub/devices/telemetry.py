"""What devices send: heartbeats, play logs, command acknowledgements.

Who they are and what they may do is `hub.devices.access` (a bad or revoked token is 401, a
heartbeat or log naming another device 403). Play logs are idempotent by (device, item, start): a
batch sent again after a lost answer is not counted twice.

The first heartbeat of each hour also leaves a mark in the heartbeat history (`device_seen`: one
row per device and UTC hour, one insert per device per hour, idempotent), from which the annual
report counts each device's hours in service.
"""

from __future__ import annotations

from datetime import datetime

from devices.protocol import Command, CommandAcks, CommandKind, Heartbeat, PlayLogBatch
from hub.accounts.model import Principal
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.devices.access import Identity, current, require_self
from hub.devices.events import DeviceAlarmRaised, DeviceCameOnline, DeviceChanged
from hub.devices.model import AlertKind, CommandStatus, Device, DeviceAlert, hour_number
from hub.devices.repository import DeviceRepository
from hub.kit.errors import Forbidden
from hub.kit.time import utcnow

ALARM_ALERTS = {a.value for a in AlertKind if a != AlertKind.OFFLINE}


def heartbeat(uow: UnitOfWork, identity: Identity, beat: Heartbeat, *, now: datetime | None = None) -> Device:
    """`now`: when the hub received it (default: this moment)."""
    require_self(identity, beat.device_id)
    device = current(uow, identity)
    now = now or utcnow()
    status = beat.model_dump(mode="json", exclude={"device_id", "alarms", "app_version"})
    alarms = sorted({a.value for a in beat.alarms})
    before = device.last_seen_at
    came_back = device.seen(now, status, alarms, beat.app_version)
    repo = DeviceRepository(uow.session)
    if before is None or hour_number(before) != hour_number(now):  # the first heartbeat of this hour
        repo.mark_seen(device.id, hour_number(now))
    system = Principal.system("device")
    if came_back:
        alert = repo.open_alert(device.id, AlertKind.OFFLINE.value)
        if alert is not None:
            alert.closed_at = now
        record(uow, system, "device.online", "device", device.imei, area_code=device.area_code, to_state="online")
        uow.emit(DeviceCameOnline(imei=device.imei, area_code=device.area_code))
    for kind in ALARM_ALERTS:
        open_ = repo.open_alert(device.id, kind)
        if kind in alarms and open_ is None:
            repo.add(DeviceAlert(device.id, device.area_path, AlertKind(kind), now))
            record(
                uow, system, "device.alarm", "device", device.imei, area_code=device.area_code, details={"alarm": kind}
            )
            uow.emit(DeviceAlarmRaised(imei=device.imei, area_code=device.area_code, alarm=kind))
        elif kind not in alarms and open_ is not None:
            open_.closed_at = now
    return device


def play_logs(uow: UnitOfWork, identity: Identity, batch: PlayLogBatch) -> tuple[int, int]:
    """Store a batch; (stored now, stored before)."""
    require_self(identity, batch.device_id)
    current(uow, identity)
    now = utcnow()
    repo = DeviceRepository(uow.session)
    known = repo.existing_bulletins({e.bulletin_id for e in batch.entries if e.bulletin_id})
    rows = {}
    for e in batch.entries:
        key = (e.item_id, e.start)  # one row per language played: each has its own start
        rows[key] = {
            "device_id": identity.id,
            "item_id": e.item_id,
            "bulletin_id": e.bulletin_id if e.bulletin_id in known else None,
            "started_at": e.start,
            "ended_at": e.end,
            "result": e.result.value,
            "detail": e.detail,
            "lang": e.lang,
            "received_at": now,
        }
    stored = repo.add_play_logs(list(rows.values()))
    return stored, len(batch.entries) - stored


def pending_commands(uow: UnitOfWork, identity: Identity) -> list[Command]:
    found = DeviceRepository(uow.session).queued_commands(identity.id)
    return [Command(id=c.id, kind=CommandKind(c.kind), args=c.args, created_at=c.created_at) for c in found]


def acknowledge(uow: UnitOfWork, identity: Identity, acks: CommandAcks) -> int:
    require_self(identity, acks.device_id)
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
                uow.emit(DeviceChanged(imei=device.imei, change="volume"))
        done += 1
    return done
