"""Live broadcasts ("phát trực tiếp"): an official with the approver's role in every chosen area
starts one, speaks from the browser, and stops it. One implementation for the page and the API.

The browser's microphone (MediaRecorder, Opus in WebM) reaches the hub over a WebSocket that
presents the broadcast's one-time ingest key; `Ingest` pipes it through ffmpeg into the
broadcast's Icecast mount and into a recording. Devices of the chosen areas get the mount in their
manifest's `streams` while it is live; an interrupting (emergency) broadcast stops whatever plays.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import secrets
import subprocess
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hub.accounts.access import areas_for, require
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import Area
from hub.audit.service import record
from hub.context import Hub, ServiceKey
from hub.db.uow import UnitOfWork
from hub.kit.errors import Conflict, InvalidInput, NotFound
from hub.kit.time import utcnow
from hub.streams.events import LiveChanged
from hub.streams.model import LiveBroadcast
from hub.streams.repository import StreamRepository
from hub.streams.settings import StreamSettings

log = logging.getLogger("ttcs.streams.live")
MAX_AREAS = 50


@dataclass(frozen=True)
class Started:
    broadcast: LiveBroadcast
    key: str  # the one-time ingest key, shown once to the browser that started it


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start(uow: UnitOfWork, principal: Principal, area_codes: list[str], *, interrupt: bool, title: str = "") -> Started:
    codes = list(dict.fromkeys(c.strip() for c in area_codes if c.strip()))
    if not codes:
        raise InvalidInput("Chọn ít nhất một xã, phường hoặc thôn để phát trực tiếp.", code="live_no_area")
    if len(codes) > MAX_AREAS:
        raise InvalidInput(f"Chọn nhiều nhất {MAX_AREAS} địa bàn.", code="live_too_many_areas")
    chosen = [areas.get(uow, code) for code in codes]
    require(principal, Permission.APPROVE, chosen)
    key = secrets.token_urlsafe(24)
    names = ", ".join(a.name for a in chosen[:3]) + ("…" if len(chosen) > 3 else "")
    broadcast = LiveBroadcast(
        title=(" ".join(title.split()) or f"Phát trực tiếp tới {names}")[:200],
        area_codes=[a.code for a in chosen],
        area_paths=[a.path for a in chosen],
        interrupt=interrupt,
        started_by=principal.username,
        started_by_id=principal.user_id,
        started_at=utcnow(),
        ingest_hash=_hash(key),
    )
    StreamRepository(uow.session).add(broadcast)
    record(uow, principal, "live.start", "live", broadcast.id, area_code=chosen[0].code,
           details={"areas": broadcast.area_codes, "interrupt": interrupt, "title": broadcast.title})  # fmt: skip
    uow.emit(LiveChanged(broadcast.id, tuple(broadcast.area_paths), interrupt, True))
    return Started(broadcast, key)


def get(uow: UnitOfWork, principal: Principal, broadcast_id: int, *, for_update: bool = False) -> LiveBroadcast:
    broadcast = StreamRepository(uow.session).live(broadcast_id, for_update=for_update)
    reach = areas_for(principal, Permission.READ)
    if broadcast is None or not (reach.everything or reach.covers_any(broadcast.area_paths)):
        raise NotFound(f"Không tìm thấy buổi phát trực tiếp số {broadcast_id}.", code="live_not_found")
    return broadcast


def stop(uow: UnitOfWork, principal: Principal, broadcast_id: int, reason: str = "") -> LiveBroadcast:
    """End a live broadcast: its starter, or an approver of its areas, or the hub (connection lost)."""
    broadcast = StreamRepository(uow.session).live(broadcast_id, for_update=True)
    if broadcast is None:
        raise NotFound(f"Không tìm thấy buổi phát trực tiếp số {broadcast_id}.", code="live_not_found")
    if not broadcast.live:
        raise Conflict("Buổi phát trực tiếp này đã kết thúc.", code="live_ended")
    if not principal.is_system and principal.user_id != broadcast.started_by_id:
        require(principal, Permission.APPROVE, [areas.get(uow, c) for c in broadcast.area_codes])
    broadcast.ended_at = utcnow()
    record(uow, principal, "live.stop", "live", broadcast.id, area_code=broadcast.area_codes[0], reason=reason,
           details={"seconds": int((broadcast.ended_at - broadcast.started_at).total_seconds())})  # fmt: skip
    uow.emit(LiveChanged(broadcast.id, tuple(broadcast.area_paths), broadcast.interrupt, False))
    return broadcast


def admit(uow: UnitOfWork, broadcast_id: int, key: str) -> LiveBroadcast | None:
    """The broadcast a WebSocket may feed with this key: live, and the key is its own."""
    broadcast = StreamRepository(uow.session).live(broadcast_id)
    if broadcast is None or not broadcast.live or not hmac.compare_digest(broadcast.ingest_hash, _hash(key)):
        return None
    return broadcast


def on_air(uow: UnitOfWork, area_paths: list[str], now: datetime) -> list[LiveBroadcast]:
    """Live broadcasts the devices of an area (the last of `area_paths`) hear now."""
    own = area_paths[-1] if area_paths else ""
    return [b for b in StreamRepository(uow.session).on_air() if b.reaches(own) and b.ends > now]


def recent(uow: UnitOfWork, principal: Principal) -> list[LiveBroadcast]:
    reach = areas_for(principal, Permission.READ)
    return [
        b for b in StreamRepository(uow.session).recent_live() if reach.everything or reach.covers_any(b.area_paths)
    ]


# -- the hub's side of the microphone -----------------------------------------------------------------


def ingest_command(target: str, recording: Path) -> list[str]:
    """ffmpeg reading the browser's WebM/Opus chunks on stdin, sending MP3 to the mount and to a file."""
    encode = ["-vn", "-ac", "1", "-ar", "44100", "-c:a", "libmp3lame", "-b:a", "64k"]
    return [
        "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-fflags", "+nobuffer",
        "-i", "pipe:0",
        *encode, "-content_type", "audio/mpeg", "-f", "mp3", target,
        *encode, "-f", "mp3", str(recording),
    ]  # fmt: skip


class Ingest:
    """The ffmpeg of each live broadcast fed by this process (one WebSocket each)."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.settings = hub.settings.of(StreamSettings)
        self.processes: dict[int, subprocess.Popen[bytes]] = {}
        self.lock = threading.Lock()

    def open(self, broadcast: LiveBroadcast) -> tuple[subprocess.Popen[bytes], str]:
        folder = self.hub.settings.var_dir / "live"
        folder.mkdir(parents=True, exist_ok=True)
        recording = folder / f"{broadcast.id}-{broadcast.started_at:%Y%m%dT%H%M%S}.mp3"
        target = self.settings.stream_source_url.rstrip("/") + broadcast.mount
        with (folder / f"{broadcast.id}.log").open("ab") as errors:
            process = subprocess.Popen(ingest_command(target, recording), stdin=subprocess.PIPE,
                                       stdout=subprocess.DEVNULL, stderr=errors)  # fmt: skip
        with self.lock:
            self.processes[broadcast.id] = process
        return process, str(recording.relative_to(self.hub.settings.var_dir))

    def close(self, broadcast_id: int | None = None) -> None:
        with self.lock:
            ids = [broadcast_id] if broadcast_id is not None else list(self.processes)
            found = [self.processes.pop(i) for i in ids if i in self.processes]
        for process in found:
            if process.stdin is not None and not process.stdin.closed:
                with contextlib.suppress(OSError):
                    process.stdin.close()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


INGEST: ServiceKey[Ingest] = ServiceKey("streams.ingest")


def set_recording(uow: UnitOfWork, broadcast_id: int, path: str) -> None:
    broadcast = StreamRepository(uow.session).live(broadcast_id, for_update=True)
    if broadcast is not None and not broadcast.recording:
        broadcast.recording = path


def choosable(uow: UnitOfWork, principal: Principal, limit: int = 500) -> list[tuple[Area, list[Area]]]:
    """The communes (each with its villages) where the principal may go live."""
    from hub.accounts.access import scopes_for
    from hub.areas.model import AreaLevel

    found: dict[str, tuple[Area, list[Area]]] = {}
    for scope in scopes_for(principal, Permission.APPROVE):
        area = areas.get(uow, scope.area_code)
        if area.level == AreaLevel.VILLAGE:
            found.setdefault(area.code, (area, []))
            continue
        communes = [area] if area.level == AreaLevel.COMMUNE else list(uow.areas.subtree(area, level="commune"))
        for commune in communes[:limit]:
            found.setdefault(commune.code, (commune, list(uow.areas.children(commune))))
    return sorted(found.values(), key=lambda pair: pair[0].name)
