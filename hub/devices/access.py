"""The device API's access check, in one place: which device a token is (and whether it is still
allowed in), that a device acts only for itself, and which bulletins' audio it may fetch.

Every route of `hub.devices.device_api` calls these, so a bad or revoked token is 401, a device
naming another is 403, and a bulletin that does not reach the device's area is 404 the same way
whichever route was asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.areas.model import ancestor_paths
from hub.audio.service import AudioRef, audio_for
from hub.bulletins.model import Bulletin
from hub.config import Settings
from hub.db.uow import UnitOfWork
from hub.devices.model import hash_token
from hub.devices.repository import DeviceRepository
from hub.kit.errors import Forbidden, NotFound, Unauthorized


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


def refused() -> Unauthorized:
    return Unauthorized("Mã thiết bị không đúng hoặc đã bị thu hồi.", code="device_token_invalid")


def authenticate(uow: UnitOfWork, token: str) -> Identity:
    """The device holding `token`: 401 when there is no token, an unknown one, or a revoked device."""
    if not token:
        raise Unauthorized("Thiết bị cần gửi mã truy cập (Authorization: Bearer …).", code="device_token_missing")
    device = DeviceRepository(uow.session).by_token_hash(hash_token(token))
    if device is None or device.revoked:
        raise refused()
    return Identity(
        device.id,
        device.imei,
        device.name,
        str(device.kind),
        device.area_id,
        device.area_code,
        device.area_path,
        device.volume,
    )


def require_self(identity: Identity, claimed: str) -> None:
    """A device sends data only for itself: a heartbeat, log or acknowledgement naming another is 403."""
    if claimed != identity.imei:
        raise Forbidden(
            f"Thiết bị {identity.imei} không được gửi dữ liệu thay cho thiết bị “{claimed}”.",
            code="device_mismatch",
            device_id=identity.imei,
        )


def reaches(identity: Identity, bulletin: Bulletin) -> bool:
    """Whether the bulletin is for the device: live and sent to its area, to a unit above it or to a
    unit inside it (the same reach as its manifest)."""
    above = set(ancestor_paths(identity.area_path, inclusive=True))
    return bulletin.is_live and any(
        t.area_path in above or t.area_path.startswith(identity.area_path) for t in bulletin.targets
    )


def audio(uow: UnitOfWork, settings: Settings, identity: Identity, bulletin_id: int, lang: str, fmt: str) -> AudioRef:
    """The audio of a bulletin the device may play (also before publication, once approved); 404
    when the bulletin does not reach it or has no such audio yet."""
    bulletin = uow.bulletins.get(bulletin_id)
    found = audio_for(uow, settings, bulletin_id, lang, fmt) if bulletin and reaches(identity, bulletin) else None
    if found is None:
        raise NotFound(
            f"Không có âm thanh của tin số {bulletin_id} cho thiết bị {identity.imei}.", code="audio_not_found"
        )
    return found
