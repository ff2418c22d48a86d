"""Device manifests: what a device plays and shows over the next hours, as the protocol says.

The area part (plays, board, ticker — the same for every device of an area) is built once per area,
change version and hour, and cached by `hub.devices.runtime`; the device part (id, volume, pending
commands, where to listen for notices) is added per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from devices.protocol import (
    PROTOCOL_VERSION,
    Audio,
    BoardItem,
    Item,
    Notify,
    Priority,
    area_topic,
    device_topic,
)
from hub.areas.model import Area
from hub.audio.tables import audio_file_table, bulletin_audio_table
from hub.broadcasts import service as broadcasts
from hub.config import Settings
from hub.db.uow import UnitOfWork
from hub.devices.repository import DeviceRepository
from hub.devices.telemetry import Identity

BODY_MAX = 3000
TICKER_MAX = 12


@dataclass(frozen=True)
class AreaPart:
    area_code: str
    area_name: str
    area_codes: list[str]
    max_volume: int
    interrupt_policy: str
    horizon_start: datetime
    horizon_end: datetime
    items: list[dict[str, Any]]
    board: list[dict[str, Any]]
    ticker: str


def audio_url(settings: Settings, bulletin_id: int, sha256: str) -> str:
    base = settings.public_url.rstrip("/")
    return f"{base}/api/v1/device/audio/{bulletin_id}?lang=vi&format=mp3&v={sha256[:16]}"


def audios(uow: UnitOfWork, settings: Settings, bulletin_ids: set[int]) -> dict[tuple[int, int], Audio]:
    """The ready Vietnamese MP3 of each bulletin, by (bulletin, revision), in one query."""
    if not bulletin_ids:
        return {}
    ba, af = bulletin_audio_table.c, audio_file_table.c
    query = (
        select(ba.bulletin_id, ba.revision, af.sha256, af.bytes, af.duration_ms)
        .join(audio_file_table, af.rendering_id == ba.rendering_id)
        .where(ba.bulletin_id.in_(sorted(bulletin_ids)), ba.lang == "vi", ba.status == "ready", af.format == "mp3")
    )
    return {
        (row.bulletin_id, row.revision): Audio(
            url=audio_url(settings, row.bulletin_id, row.sha256),
            sha256=row.sha256,
            bytes=row.bytes,
            duration_ms=row.duration_ms,
        )
        for row in uow.session.execute(query)
    }


def area_part(uow: UnitOfWork, settings: Settings, area: Area, start: datetime) -> AreaPart:
    end = start + timedelta(hours=settings.device_manifest_hours)
    found = broadcasts.delivery(uow, area, start, end, max(start, _now()))
    plan, rules = found.plan, found.rules
    grace = timedelta(seconds=settings.device_late_grace_seconds)
    catch_up = timedelta(minutes=settings.device_emergency_catch_up_minutes)
    ready = audios(uow, settings, {s.bulletin_id for s in plan.slots})
    items = []
    for slot in plan.slots:
        latest = slot.start + (catch_up if slot.interrupt else grace)
        if slot.end <= start and latest <= start:
            continue
        audio = ready.get((slot.bulletin_id, slot.revision))
        item = Item(
            id=slot.item_id,
            bulletin_id=slot.bulletin_id,
            revision=slot.revision,
            priority=Priority(slot.priority),
            title=slot.title,
            start=slot.start,
            latest_start=latest,
            duration_ms=audio.duration_ms if audio else slot.duration_ms,
            interrupt=slot.interrupt,
            audio=audio,
        )
        items.append(item.model_dump(mode="json"))
    board = [
        BoardItem(
            bulletin_id=r.id,
            revision=r.revision,
            priority=Priority(str(r.priority)),
            title=r.title,
            summary=r.summary,
            body=r.body[:BODY_MAX],
            issuer=r.issuer,
            valid_from=r.valid_from,
            valid_until=r.valid_until,
        ).model_dump(mode="json")
        for r in found.board
    ]
    ancestors = found.ancestors
    return AreaPart(
        area_code=area.code,
        area_name=area.name,
        area_codes=[a.code for a in [*ancestors, area]],
        max_volume=rules.max_volume,
        interrupt_policy=str(rules.interrupt_policy),
        horizon_start=start,
        horizon_end=end,
        items=items,
        board=board,
        ticker=" • ".join(b["title"] for b in board[:TICKER_MAX]),
    )


def _now() -> datetime:
    from hub.kit.time import utcnow

    return utcnow()


def device_part(
    uow: UnitOfWork, settings: Settings, identity: Identity, part: AreaPart, version: int
) -> dict[str, Any]:
    """Volume, pending commands and notice topics of one device (`version`: its change version)."""
    repo = DeviceRepository(uow.session)
    notify = None
    if settings.mqtt_url:
        topics = [device_topic(identity.imei), *(area_topic(code) for code in part.area_codes)]
        notify = Notify(mqtt_url=settings.mqtt_device_url or settings.mqtt_url, topics=topics).model_dump()
    return {
        "device_id": identity.imei,
        "name": identity.name,
        "kind": identity.kind,
        "volume": min(identity.volume, part.max_volume),
        # a device never changed since it was registered (version 0) has no commands: no query
        "pending_commands": repo.count_queued(identity.id) if version else 0,
        "notify": notify,
    }


def document(part: AreaPart, device: dict[str, Any], settings: Settings, now: datetime) -> dict[str, Any]:
    """The manifest as JSON-ready data (field order as in `devices.protocol.Manifest`)."""
    return {
        "protocol": PROTOCOL_VERSION,
        "device_id": device["device_id"],
        "name": device["name"],
        "kind": device["kind"],
        "area_code": part.area_code,
        "area_name": part.area_name,
        "area_codes": part.area_codes,
        "server_time": now.isoformat(),
        "horizon_start": part.horizon_start.isoformat(),
        "horizon_end": part.horizon_end.isoformat(),
        "volume": device["volume"],
        "max_volume": part.max_volume,
        "interrupt_policy": part.interrupt_policy,
        "heartbeat_seconds": settings.device_heartbeat_seconds,
        "items": part.items,
        "board": part.board,
        "ticker": part.ticker,
        "pending_commands": device["pending_commands"],
        "notify": device["notify"],
    }
