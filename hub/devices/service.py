"""Use cases of the device registry: register a device and issue its token once, list devices
by state, revoke and rotate tokens, queue commands. The device-facing side is in
`hub.devices.access` (which device a token is, what it may fetch) and `hub.devices.telemetry`
(heartbeats, play logs, acknowledgements); health in `hub.devices.health`.

Officials need `operate_devices` on the device's area; the console (`ttcs device …`) acts as the
system.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from devices.protocol import CommandKind
from hub.accounts.access import areas_for, require
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import Area
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.devices.events import DeviceChanged
from hub.devices.model import (
    Activity,
    Device,
    DeviceAlert,
    DeviceCommand,
    Kind,
    PlayLog,
    State,
    check_imei,
    check_volume,
    hash_token,
    new_token,
)
from hub.devices.repository import DeviceRepository, DeviceSearch
from hub.kit.errors import Conflict, InvalidInput, NotFound
from hub.kit.time import utcnow


@dataclass(frozen=True)
class Issued:
    """A device with the token just issued for it: shown once, stored only as a hash."""

    device: Device
    token: str


def repo(uow: UnitOfWork) -> DeviceRepository:
    return DeviceRepository(uow.session)


def _paths(principal: Principal, permission: Permission) -> list[str] | None:
    """Area paths the principal may see devices in; None for everywhere."""
    within = areas_for(principal, permission).limited_to
    return None if within is None else list(within)


def get(uow: UnitOfWork, principal: Principal, imei: str, *, for_update: bool = False) -> Device:
    device = repo(uow).by_imei(imei, for_update=for_update)
    if device is None:
        raise NotFound(f"Không tìm thấy thiết bị “{imei}”.", code="device_not_found", imei=imei)
    area = uow.areas.get_one(device.area_id)
    require(principal, Permission.READ, area)
    return device


def _touch(uow: UnitOfWork, device: Device, change: str) -> None:
    uow.emit(DeviceChanged(imei=device.imei, change=change))


def add(
    uow: UnitOfWork,
    principal: Principal,
    imei: str,
    *,
    name: str,
    kind: Kind,
    area_code: str,
    group_name: str = "",
    vendor: str = "",
    location: str = "",
    lat: float | None = None,
    lon: float | None = None,
    volume: int = 70,
) -> Issued:
    imei = check_imei(imei)
    area = areas.get(uow, area_code)
    require(principal, Permission.OPERATE_DEVICES, area)
    if repo(uow).by_imei(imei) is not None:
        raise Conflict(f"Thiết bị “{imei}” đã được đăng ký.", code="device_exists", imei=imei)
    name = name.strip() or imei
    token, now = new_token(), utcnow()
    device = Device(
        imei=imei,
        name=name[:200],
        kind=Kind(kind),
        area_id=area.id,
        area_code=area.code,
        area_path=area.path,
        token_hash=hash_token(token),
        created_at=now,
        group_name=group_name.strip()[:100],
        vendor=vendor.strip()[:100],
        location=location.strip()[:300],
        lat=lat,
        lon=lon,
        volume=check_volume(volume),
        state_since=now,
    )
    repo(uow).add(device)
    repo(uow).flush()
    record(
        uow,
        principal,
        "device.add",
        "device",
        imei,
        area_code=area.code,
        details={"kind": str(kind), "name": device.name, "vendor": device.vendor},
    )
    return Issued(device, token)


def list_devices(
    uow: UnitOfWork, principal: Principal, *, area_code: str | None = None, state: str | None = None, limit: int = 500
) -> list[Device]:
    paths = _paths(principal, Permission.READ)
    if area_code:
        area = areas.get(uow, area_code)
        require(principal, Permission.READ, area)
        paths = [area.path]
    return list(repo(uow).within(paths, state=state, limit=limit))


@dataclass(frozen=True)
class DevicePage:
    """One page of the devices an official looks at, with how many there are in each state."""

    devices: list[Device]
    total: int
    counts: dict[str, int]


def browse(
    uow: UnitOfWork,
    principal: Principal,
    *,
    area_code: str | None = None,
    activity: str | None = None,
    kind: str | None = None,
    search: str = "",
    limit: int = 100,
    offset: int = 0,
) -> DevicePage:
    """Devices of the official's areas (or of one area below them), filtered, a page at a time.
    "playing" is an online device whose last heartbeat said it plays (read from its status)."""
    paths = _paths(principal, Permission.READ)
    if area_code:
        area = areas.typed(uow, area_code)
        require(principal, Permission.READ, area)
        paths = [area.path]
    text = search.strip()[:100]
    found_in = DeviceSearch(text, tuple(a.path for a in areas.matching(uow, text))) if text else DeviceSearch("")
    kind = Kind(kind).value if kind in {k.value for k in Kind} else None
    counts = repo(uow).count_by_state(paths, kind=kind, search=found_in)
    if activity == Activity.PLAYING.value:
        found = repo(uow).within(paths, kind=kind, search=found_in, playing=True, limit=limit, offset=offset)
        return DevicePage(list(found), repo(uow).count_playing(paths, kind=kind, search=found_in), counts)
    state = activity if activity in {s.value for s in State} else None
    found = repo(uow).within(paths, state=state, kind=kind, search=found_in, limit=limit, offset=offset)
    total = counts.get(state, 0) if state else sum(counts.values())
    return DevicePage(list(found), total, counts)


def interrupted_by(uow: UnitOfWork, principal: Principal, receiving: list[Area], limit: int = 1000) -> list[Device]:
    """The devices an emergency sent to `receiving` interrupts: every device in those areas and below
    that still has its token (offline ones get it when they come back)."""
    require(principal, Permission.READ, receiving)
    found = repo(uow).within([a.path for a in receiving], limit=limit)
    return [x for x in found if not x.revoked]


def dashboard(uow: UnitOfWork, principal: Principal, area_code: str | None = None) -> dict[str, list[Device]]:
    """Devices grouped by state, the worst first (what an operator looks at in the morning)."""
    found = list_devices(uow, principal, area_code=area_code, limit=5000)
    groups: dict[str, list[Device]] = {s.value: [] for s in (State.OFFLINE, State.NEW, State.ONLINE, State.REVOKED)}
    for device in found:
        groups[str(device.state)].append(device)
    return groups


def update(uow: UnitOfWork, principal: Principal, imei: str, *, volume: int | None = None, **fields: Any) -> Device:
    device = get(uow, principal, imei, for_update=True)
    area = uow.areas.get_one(device.area_id)
    require(principal, Permission.OPERATE_DEVICES, area)
    changed: dict[str, Any] = {}
    if volume is not None:
        device.volume = changed["volume"] = check_volume(volume)
    if fields.get("area_code"):
        target = areas.get(uow, fields["area_code"])
        require(principal, Permission.OPERATE_DEVICES, target)
        device.area_id, device.area_code, device.area_path = target.id, target.code, target.path
        changed["area_code"] = target.code
    for name in ("name", "group_name", "vendor", "location", "lat", "lon"):
        if fields.get(name) is not None:
            setattr(device, name, fields[name])
            changed[name] = fields[name]
    if not changed:
        raise InvalidInput("Không có thay đổi nào.", code="nothing_to_change")
    record(uow, principal, "device.update", "device", imei, area_code=device.area_code, details=changed)
    _touch(uow, device, "update")
    return device


def revoke(uow: UnitOfWork, principal: Principal, imei: str, reason: str) -> Device:
    device = get(uow, principal, imei, for_update=True)
    require(principal, Permission.OPERATE_DEVICES, uow.areas.get_one(device.area_id))
    if not reason.strip():
        raise InvalidInput("Cần ghi rõ lý do thu hồi mã thiết bị.", code="reason_required", field="reason")
    device.revoke(utcnow())
    record(
        uow,
        principal,
        "device.revoke",
        "device",
        imei,
        area_code=device.area_code,
        reason=reason.strip(),
        to_state=State.REVOKED.value,
    )
    _touch(uow, device, "revoke")
    return device


def rotate(uow: UnitOfWork, principal: Principal, imei: str) -> Issued:
    device = get(uow, principal, imei, for_update=True)
    require(principal, Permission.OPERATE_DEVICES, uow.areas.get_one(device.area_id))
    token = device.rotate(utcnow())
    record(uow, principal, "device.rotate", "device", imei, area_code=device.area_code)
    _touch(uow, device, "rotate")
    return Issued(device, token)


def queue_command(
    uow: UnitOfWork, principal: Principal, imei: str, kind: CommandKind, args: dict[str, Any] | None = None
) -> DeviceCommand:
    device = get(uow, principal, imei)
    require(principal, Permission.OPERATE_DEVICES, uow.areas.get_one(device.area_id))
    args = dict(args or {})
    if kind == CommandKind.VOLUME:
        if not isinstance(args.get("volume"), int):
            raise InvalidInput("Lệnh đặt âm lượng cần `volume` (0–100).", code="volume_required", field="args")
        check_volume(args["volume"], "args")
    if device.revoked:
        raise Conflict(f"Thiết bị {imei} đã bị thu hồi mã: không gửi lệnh được.", code="device_revoked")
    command = DeviceCommand(
        device_id=device.id,
        kind=CommandKind(kind).value,
        args=args,
        created_at=utcnow(),
        created_by_id=principal.user_id,
    )
    repo(uow).add(command)
    repo(uow).flush()
    record(
        uow,
        principal,
        "device.command",
        "device",
        imei,
        area_code=device.area_code,
        details={"command_id": command.id, "kind": command.kind, "args": args},
    )
    _touch(uow, device, "command")
    return command


def commands_of(uow: UnitOfWork, principal: Principal, imei: str) -> list[DeviceCommand]:
    return list(repo(uow).commands(get(uow, principal, imei).id))


def play_logs_of(uow: UnitOfWork, principal: Principal, imei: str, limit: int = 100) -> list[PlayLog]:
    return list(repo(uow).play_logs(get(uow, principal, imei).id, limit))


def alerts(uow: UnitOfWork, principal: Principal) -> list[tuple[DeviceAlert, Device]]:
    """Open alerts in the operator's areas, newest first."""
    paths = _paths(principal, Permission.OPERATE_DEVICES)
    found = repo(uow).open_alerts(paths)
    devices = {a.device_id: repo(uow).get(a.device_id) for a in found}
    return [(a, device) for a in found if (device := devices[a.device_id]) is not None]
