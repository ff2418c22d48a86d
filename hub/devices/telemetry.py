"""What devices send: heartbeats, play logs, command acknowledgements.

Who they are and what they may do is `hub.devices.access` (a bad or revoked token is 401, a
heartbeat or log naming another device 403). Play logs are idempotent by (device, item, start): a
batch sent again after a lost answer is not counted twice.

The first heartbeat of each hour also leaves a mark in the heartbeat history (`device_seen`: one
row per device and UTC hour, one insert per device per hour, idempotent), from which the annual
report counts each device's hours in service.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from devices.protocol import Command, CommandAcks, CommandKind, Heartbeat, PlayLogBatch
from hub.accounts.model import Principal
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.devices.access import Identity, refused, require_self
from hub.devices.events import DeviceAlarmRaised, DeviceCameOnline, DeviceChanged
from hub.devices.model import AlertKind, CommandStatus, Device, DeviceAlert, hour_number
from hub.devices.repository import DeviceRepository
from hub.kit.errors import Forbidden, HubError
from hub.kit.time import utcnow

ALARM_ALERTS = {a.value for a in AlertKind if a != AlertKind.OFFLINE}


def heartbeat(uow: UnitOfWork, identity: Identity, beat: Heartbeat, *, now: datetime | None = None) -> Device:
    """`now`: when the hub received it (default: this moment)."""
    (found,) = heartbeats(uow, [(identity, beat, now or utcnow())])
    if isinstance(found, Exception):
        raise found
    return found


def heartbeats(uow: UnitOfWork, beats: Sequence[tuple[Identity, Heartbeat, datetime]]) -> list[Device | HubError]:
    """Store many heartbeats (identity, heartbeat, when the hub received it) in this unit of work with
    a few statements for all of them (`hub.devices.batching`): one read of the devices, one of their
    open alerts, the device updates as one executemany, one insert of the hours seen. Each answer
    in order: the device, or the refusal of that heartbeat alone (403 another device's, 401 revoked),
    which writes nothing. Same result as storing them one after the other."""
    repo = DeviceRepository(uow.session)
    devices = repo.get_many({identity.id for identity, _, _ in beats})
    alerts = repo.open_alerts_of(list(devices))
    system = Principal.system("device")
    hours: set[tuple[int, int]] = set()
    answers: list[Device | HubError] = []
    for identity, beat, now in beats:
        try:
            device = _sender(identity, beat.device_id, devices)
        except HubError as refusal:
            answers.append(refusal)
            continue
        status = beat.model_dump(mode="json", exclude={"device_id", "alarms", "app_version"})
        alarms = sorted({a.value for a in beat.alarms})
        before = device.last_seen_at
        came_back = device.seen(now, status, alarms, beat.app_version)
        if before is None or hour_number(before) != hour_number(now):  # the first heartbeat of this hour
            hours.add((device.id, hour_number(now)))
        if came_back:
            alert = alerts.pop((device.id, AlertKind.OFFLINE.value), None)
            if alert is not None:
                alert.closed_at = now
            record(uow, system, "device.online", "device", device.imei, area_code=device.area_code, to_state="online")
            uow.emit(DeviceCameOnline(imei=device.imei, area_code=device.area_code))
        for kind in ALARM_ALERTS:
            open_ = alerts.get((device.id, kind))
            if kind in alarms and open_ is None:
                alerts[(device.id, kind)] = opened = DeviceAlert(device.id, device.area_path, AlertKind(kind), now)
                repo.add(opened)
                details = {"alarm": kind}
                record(uow, system, "device.alarm", "device", device.imei, area_code=device.area_code, details=details)
                uow.emit(DeviceAlarmRaised(imei=device.imei, area_code=device.area_code, alarm=kind))
            elif kind not in alarms and open_ is not None:
                open_.closed_at = now
                del alerts[(device.id, kind)]
        answers.append(device)
    repo.mark_seen_many(hours)
    return answers


def _sender(identity: Identity, device_id: str, devices: dict[int, Device]) -> Device:
    """The device that sent this, if it speaks for itself (403) and is still registered (401)."""
    require_self(identity, device_id)
    device = devices.get(identity.id)
    if device is None or device.revoked:
        raise refused()
    return device


def play_logs(uow: UnitOfWork, identity: Identity, batch: PlayLogBatch) -> tuple[int, int]:
    """Store a batch; (stored now, stored before)."""
    (found,) = play_log_batches(uow, [(identity, batch)])
    if isinstance(found, Exception):
        raise found
    return found


def play_log_batches(
    uow: UnitOfWork, batches: Sequence[tuple[Identity, PlayLogBatch]]
) -> list[tuple[int, int] | HubError]:
    """Store many devices' batches in this unit of work: one read of the devices and of the bulletins
    named, one insert per batch (each batch's counts stay its own). Each answer in order: (stored now,
    stored before), or the refusal of that batch alone, which writes nothing."""
    repo = DeviceRepository(uow.session)
    devices = repo.get_many({identity.id for identity, _ in batches})
    named = {e.bulletin_id for _, batch in batches for e in batch.entries if e.bulletin_id}
    known = repo.existing_bulletins(named)
    now = utcnow()
    answers: list[tuple[int, int] | HubError] = []
    for identity, batch in batches:
        try:
            _sender(identity, batch.device_id, devices)
        except HubError as refusal:
            answers.append(refusal)
            continue
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
        answers.append((stored, len(batch.entries) - stored))
    return answers


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
