"""Device manifests: what a device plays and shows over the next hours, built as the protocol's
`devices.protocol.Manifest` and serialised from it (so what the hub sends is what players parse).

The area part (plays, board, ticker — the same for every device of an area) is built once per area,
change version and hour, and cached by `hub.devices.runtime`; the device part (id, volume, pending
commands, where to listen for notices) is added per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from devices.protocol import (
    PROTOCOL_VERSION,
    Audio,
    BoardItem,
    InterruptPolicy,
    Item,
    Manifest,
    Notify,
    Priority,
    Stream,
    Variant,
    area_topic,
    device_topic,
)
from hub.areas.model import Area
from hub.audio.repository import DEVICE_FORMAT, DEVICE_LANG, AudioRepository
from hub.broadcasts import service as broadcasts
from hub.config import Settings
from hub.db.uow import UnitOfWork
from hub.devices.access import Identity
from hub.devices.repository import DeviceRepository
from hub.devices.settings import DeviceSettings
from hub.streams import live
from hub.streams import service as streams
from hub.streams.settings import StreamSettings

BODY_MAX = 3000
TICKER_MAX = 12


@dataclass(frozen=True)
class AreaPart:
    area_code: str
    area_name: str
    area_codes: list[str]
    max_volume: int
    interrupt_policy: InterruptPolicy
    horizon_start: datetime
    horizon_end: datetime
    items: tuple[Item, ...]
    board: tuple[BoardItem, ...]
    ticker: str
    streams: tuple[Stream, ...] = ()


@dataclass(frozen=True)
class DevicePart:
    """What differs between the devices of one area."""

    device_id: str
    name: str
    kind: str
    volume: int
    pending_commands: int
    notify: Notify | None


def audio_url(settings: Settings, bulletin_id: int, sha256: str, lang: str = DEVICE_LANG) -> str:
    base = settings.public_url.rstrip("/")
    return f"{base}/api/v1/device/audio/{bulletin_id}?lang={lang}&format={DEVICE_FORMAT}&v={sha256[:16]}"


def audios(uow: UnitOfWork, settings: Settings, bulletin_ids: set[int]) -> dict[tuple[int, int], Audio]:
    """The ready device audio of each bulletin, by (bulletin, revision), in one query."""
    return {
        (row.bulletin_id, row.revision): Audio(
            url=audio_url(settings, row.bulletin_id, row.sha256),
            sha256=row.sha256,
            bytes=row.bytes,
            duration_ms=row.duration_ms,
        )
        for row in AudioRepository(uow.session).ready_for_devices(bulletin_ids)
    }


def variants(
    uow: UnitOfWork, settings: Settings, bulletin_ids: set[int], langs: tuple[str, ...]
) -> dict[tuple[int, int], list[Variant]]:
    """The ready audio of each bulletin in each language the area broadcasts, in its order; a
    language without audio (no recording yet) is left out, so the bulletin plays in the others."""
    found: dict[tuple[int, int], dict[str, Audio]] = {}
    for row in AudioRepository(uow.session).ready_variants(bulletin_ids, langs):
        audio = Audio(
            url=audio_url(settings, row.bulletin_id, row.sha256, row.lang),
            sha256=row.sha256,
            bytes=row.bytes,
            duration_ms=row.duration_ms,
        )
        found.setdefault((row.bulletin_id, row.revision), {})[row.lang] = audio
    return {
        key: [Variant(lang=lang, audio=by_lang[lang]) for lang in langs if lang in by_lang]
        for key, by_lang in found.items()
    }


def area_part(uow: UnitOfWork, settings: Settings, area: Area, start: datetime) -> AreaPart:
    end = start + timedelta(hours=settings.of(DeviceSettings).device_manifest_hours)
    found = broadcasts.delivery(uow, area, start, end, max(start, _now()))
    plan, rules = found.plan, found.rules
    grace = timedelta(seconds=settings.of(DeviceSettings).device_late_grace_seconds)
    catch_up = timedelta(minutes=settings.of(DeviceSettings).device_emergency_catch_up_minutes)
    ready = audios(uow, settings, {s.bulletin_id for s in plan.slots})
    langs, _ = AudioRepository(uow.session).broadcast_languages(area.path)
    # Only a commune that broadcasts more than Vietnamese gets variants (the manifest of the others
    # stays as it was); an item whose audio exists only in Vietnamese gets none either.
    spoken = variants(uow, settings, {s.bulletin_id for s in plan.slots}, langs) if len(langs) > 1 else {}
    items = []
    for slot in plan.slots:
        latest = slot.start + (catch_up if slot.interrupt else grace)
        if slot.end <= start and latest <= start:
            continue
        audio = ready.get((slot.bulletin_id, slot.revision))
        playlist = spoken.get((slot.bulletin_id, slot.revision), []) if audio else []
        if [v.lang for v in playlist] == [DEVICE_LANG]:
            playlist = []
        duration = sum(v.audio.duration_ms for v in playlist) if playlist else None
        item = Item(
            id=slot.item_id,
            bulletin_id=slot.bulletin_id,
            revision=slot.revision,
            priority=Priority(slot.priority),
            title=slot.title,
            start=slot.start,
            latest_start=latest,
            duration_ms=duration or (audio.duration_ms if audio else slot.duration_ms),
            interrupt=slot.interrupt,
            audio=audio,
            variants=playlist,
        )
        items.append(item)
    board = tuple(
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
        )
        for r in found.board
    )
    ancestors = found.ancestors
    return AreaPart(
        streams=relay_streams(uow, settings, [a.path for a in [*ancestors, area]], start, end),
        area_code=area.code,
        area_name=area.name,
        area_codes=[a.code for a in [*ancestors, area]],
        max_volume=rules.max_volume,
        interrupt_policy=InterruptPolicy(str(rules.interrupt_policy)),
        horizon_start=start,
        horizon_end=end,
        items=tuple(items),
        board=board,
        ticker=" • ".join(b.title for b in board[:TICKER_MAX]),
    )


def relay_streams(
    uow: UnitOfWork, settings: Settings, paths: list[str], start: datetime, end: datetime
) -> tuple[Stream, ...]:
    """The live broadcasts and relay windows reaching the area (set on it or above it) as streams,
    when the hub has a streaming server."""
    base = settings.of(StreamSettings).stream_public_url.rstrip("/")
    if not base:
        return ()
    relays = [
        Stream(id=p.id, kind="relay", title=p.title, url=f"{base}{p.mount}", start=p.start, end=p.end)
        for p in streams.plays(uow, paths, start, end)
    ]
    on_air = [
        Stream(id=f"live:{b.id}", kind="live", title=b.title, url=f"{base}{b.mount}", start=b.started_at, end=b.ends,
               priority=Priority.EMERGENCY if b.interrupt else Priority.PRIORITY, interrupt=b.interrupt)
        for b in live.on_air(uow, paths, start)
    ]  # fmt: skip
    return tuple(on_air + relays)


def _now() -> datetime:
    from hub.kit.time import utcnow

    return utcnow()


def device_part(uow: UnitOfWork, settings: Settings, identity: Identity, part: AreaPart, version: int) -> DevicePart:
    """Volume, pending commands and notice topics of one device (`version`: its change version)."""
    repo = DeviceRepository(uow.session)
    notify = None
    mqtt = settings.of(DeviceSettings)
    if mqtt.mqtt_url:
        topics = [device_topic(identity.imei), *(area_topic(code) for code in part.area_codes)]
        notify = Notify(mqtt_url=mqtt.mqtt_device_url or mqtt.mqtt_url, topics=topics)
    return DevicePart(
        device_id=identity.imei,
        name=identity.name,
        kind=identity.kind,
        volume=min(identity.volume, part.max_volume),
        # a device never changed since it was registered (version 0) has no commands: no query
        pending_commands=repo.count_queued(identity.id) if version else 0,
        notify=notify,
    )


def build(part: AreaPart, device: DevicePart, settings: Settings, now: datetime) -> Manifest:
    """The manifest one device gets now. The items and board are the area part's protocol models,
    taken as they are (pydantic does not validate a model instance again)."""
    return Manifest(
        protocol=PROTOCOL_VERSION,
        device_id=device.device_id,
        name=device.name,
        kind=device.kind,  # type: ignore[arg-type]  # a device's kind is one of the protocol's
        area_code=part.area_code,
        area_name=part.area_name,
        area_codes=part.area_codes,
        server_time=now,
        horizon_start=part.horizon_start,
        horizon_end=part.horizon_end,
        volume=device.volume,
        max_volume=part.max_volume,
        interrupt_policy=part.interrupt_policy,
        heartbeat_seconds=settings.of(DeviceSettings).device_heartbeat_seconds,
        items=list(part.items),
        board=list(part.board),
        ticker=part.ticker,
        pending_commands=device.pending_commands,
        notify=device.notify,
        streams=list(part.streams),
    )


def serialise(manifest: Manifest) -> bytes:
    """The bytes on the wire: the protocol model's own JSON."""
    return manifest.model_dump_json().encode()
