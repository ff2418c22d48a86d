"""The device side of one hub process (`hub.service(RUNTIME)`, one per hub): the change feed, the
MQTT notifier, a cache of device identities by token hash, a cache of manifest area parts by
(area, version, hour), and the long-poll.

After a commit that changed delivery versions (`DeliveryChanged`), `delivered` tells the feed first
(a device asking right then must see the change) and then publishes the MQTT notices.

A manifest's ETag is made of versions (protocol, area, device, hour), so answering "not modified"
needs no database work at all; a changed manifest is rendered once per area and version and
shared by every device of the area. Database work runs in worker threads, never on the event loop.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from devices.protocol import PROTOCOL_VERSION, Heartbeat, PlayLogBatch
from hub.audio.service import AudioRef
from hub.broadcasts.events import DeliveryChanged
from hub.context import Hub, ServiceKey
from hub.devices import access, manifest, telemetry
from hub.devices.access import Identity
from hub.devices.batching import Batcher
from hub.devices.change_feed import Feed
from hub.devices.model import Device, hash_token
from hub.devices.mqtt_notices import Notifier
from hub.devices.settings import DeviceSettings
from hub.kit.time import utcnow

IDENTITY_TTL = 300.0
AREA_CACHE_SIZE = 4096
AUDIO_TTL = 300.0
AUDIO_CACHE_SIZE = 16384
HOUR = 3600


@dataclass
class _Known:
    identity: Identity
    version: int
    loaded: float


def bucket_of(now: datetime) -> int:
    return int(now.timestamp() // HOUR)


class Runtime:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.settings = hub.settings
        devices = hub.settings.of(DeviceSettings)
        self.feed = Feed(hub.database, devices.device_change_poll_seconds, listen=devices.device_change_listen)
        self._known: dict[str, _Known] = {}
        self._areas: OrderedDict[tuple[str, int, int], manifest.AreaPart] = OrderedDict()
        self._devices: dict[str, tuple[tuple[int, str], manifest.DevicePart]] = {}  # imei → ((version, area), part)
        self._inflight: dict[object, asyncio.Future[Any]] = {}
        # (area path, bulletin, lang, format) → (area version, when, the audio): who may fetch a
        # bulletin's audio depends only on the device's area, and a change that could refuse it
        # (withdrawn, retargeted) bumps that area's version.
        self._audio: OrderedDict[tuple[str, int, str, str], tuple[int, float, AudioRef]] = OrderedDict()
        self.notifier = Notifier(devices.mqtt_url) if devices.mqtt_url else None
        self.fast_not_modified = 0  # manifest polls answered 304 by `hub.devices.fast_manifest`
        # what devices send, written in groups (`hub.devices.batching`)
        window = devices.device_write_window_ms / 1000
        self.heartbeats: Batcher[tuple[Identity, Heartbeat, datetime], Device] = Batcher(
            hub.database, telemetry.heartbeats, window=window, name="heartbeats"
        )
        self.play_logs: Batcher[tuple[Identity, PlayLogBatch], tuple[int, int]] = Batcher(
            hub.database, telemetry.play_log_batches, window=window, name="play log batches"
        )
        self._apps = 0  # ASGI apps of this process serving devices (the feed runs while there is one)

    async def start(self) -> None:
        self._apps += 1
        if self._apps == 1:
            await self.feed.start()

    async def stop(self) -> None:
        self._apps -= 1
        if self._apps == 0:
            await self.feed.stop()

    def close(self) -> None:
        if self.notifier is not None:
            self.notifier.close()
            self.notifier = None

    def delivered(self, event: DeliveryChanged) -> None:
        """After a commit of this process (in the committing thread) that changed delivery versions."""
        self.feed.committed()
        if self.notifier is not None:
            self.notifier.publish(event.scopes, event.version, event.emergency)

    # -- who is asking -------------------------------------------------------------------------

    def _load(self, token: str) -> Identity:
        with self.hub.database.uow(write=False) as uow:
            return access.authenticate(uow, token)

    def cached(self, token: str) -> Identity | None:
        """The device holding `token` if this process knows it and nothing changed for it since
        (no thread, no database: the manifest's fast path); None when only `identify` can tell."""
        if self.feed.dirty:
            return None
        known = self._known.get(hash_token(token))
        if known is None or time.monotonic() - known.loaded >= IDENTITY_TTL:
            return None
        return known.identity if known.version == self.feed.device_version(known.identity.imei) else None

    async def identify(self, token: str) -> Identity:
        if self.feed.dirty:  # e.g. this process just revoked or rotated a token
            await self.feed.refresh()
        identity = self.cached(token)
        if identity is not None:
            return identity
        identity = await asyncio.to_thread(self._load, token)
        self._known[hash_token(token)] = _Known(identity, self.feed.device_version(identity.imei), time.monotonic())
        return identity

    def forget(self, token: str) -> None:
        self._known.pop(hash_token(token), None)

    # -- audio ---------------------------------------------------------------------------------

    def _find_audio(self, identity: Identity, bulletin_id: int, lang: str, fmt: str) -> AudioRef:
        with self.hub.database.uow(write=False) as uow:
            return access.audio(uow, self.settings, identity, bulletin_id, lang, fmt)

    async def audio(self, identity: Identity, bulletin_id: int, lang: str, fmt: str) -> AudioRef:
        """`access.audio`, remembered per area until the area's delivery version changes (a
        withdrawn bulletin is refused again at once); a refusal is never remembered."""
        if self.feed.dirty:
            await self.feed.refresh()
        key = (identity.area_path, bulletin_id, lang, fmt)
        version = self.feed.area_version(identity.area_path)  # before the read: a change during it misses
        known = self._audio.get(key)
        if known is not None and known[0] == version and time.monotonic() - known[1] < AUDIO_TTL:
            return known[2]
        ref: AudioRef = await self._once(("audio", *key, version), self._find_audio, identity, bulletin_id, lang, fmt)
        self._audio[key] = (version, time.monotonic(), ref)
        self._audio.move_to_end(key)
        while len(self._audio) > AUDIO_CACHE_SIZE:
            self._audio.popitem(last=False)
        return ref

    # -- the manifest --------------------------------------------------------------------------

    def etag(self, identity: Identity, now: datetime | None = None) -> str:
        now = now or utcnow()
        area = self.feed.area_version(identity.area_path)
        device = self.feed.device_version(identity.imei)
        return f'"m{PROTOCOL_VERSION}-{area}-{device}-{bucket_of(now)}"'

    def _area_part(self, identity: Identity, key: tuple[str, int, int]) -> manifest.AreaPart:
        with self.hub.database.uow(write=False) as uow:
            area = uow.areas.get(identity.area_id)
            assert area is not None
            part = manifest.area_part(uow, self.settings, area, datetime.fromtimestamp(key[2] * HOUR, UTC))
        self._areas[key] = part
        while len(self._areas) > AREA_CACHE_SIZE:
            self._areas.popitem(last=False)
        return part

    def _device_part(self, identity: Identity, part: manifest.AreaPart, version: int) -> manifest.DevicePart:
        with self.hub.database.uow(write=False) as uow:
            return manifest.device_part(uow, self.settings, identity, part, version)

    async def _once(self, key: object, work: Any, *args: Any) -> Any:
        """Run `work(*args)` in a thread, once for all the requests that need the same `key` now
        (an emergency wakes thousands of devices of a few areas at the same moment)."""
        future = self._inflight.get(key)
        if future is None:
            future = asyncio.ensure_future(asyncio.to_thread(work, *args))
            self._inflight[key] = future
            future.add_done_callback(lambda _: self._inflight.pop(key, None))
        return await asyncio.shield(future)

    async def render(self, identity: Identity) -> bytes:
        bucket = bucket_of(utcnow())
        key = (identity.area_path, self.feed.area_version(identity.area_path), bucket)
        part = self._areas.get(key) or await self._once(key, self._area_part, identity, key)
        device_key = (self.feed.device_version(identity.imei), identity.area_path)
        known = self._devices.get(identity.imei)
        if known is not None and known[0] == device_key:
            device = known[1]
        else:
            device = await self._once(
                ("device", identity.imei, device_key), self._device_part, identity, part, device_key[0]
            )
            self._devices[identity.imei] = (device_key, device)
        return manifest.serialise(manifest.build(part, device, self.settings, utcnow()))

    async def wait_for_change(self, identity: Identity, etag: str, seconds: float) -> None:
        now = utcnow()
        next_hour = datetime.fromtimestamp((bucket_of(now) + 1) * HOUR, UTC)
        timeout = max(0.0, min(seconds, (next_hour - now + timedelta(seconds=1)).total_seconds()))
        keys = [identity.area_path, f"device:{identity.imei}"]
        await self.feed.wait(keys, lambda: self.etag(identity) == etag, timeout)


RUNTIME = ServiceKey[Runtime]("devices.runtime")
