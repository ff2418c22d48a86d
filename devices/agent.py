"""What every reference device needs: a durable local store and a link to the hub.

`Store` keeps, in one directory, the last manifest and its ETag, the audio files by SHA-256, the
play logs not yet acknowledged by the hub and the items already played — in SQLite, so a power cut
loses none of them. `Link` speaks the device protocol over HTTP (httpx) and corrects the device's
clock by the hub's: `link.now()` is the hub's time as well as this device can tell.

Imports only `devices.protocol`: a device knows the hub through its protocol, nothing else.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from devices.protocol import (
    COMMANDS_ACK_PATH,
    COMMANDS_PATH,
    HEARTBEAT_PATH,
    MANIFEST_PATH,
    MAX_PLAYLOG_BATCH,
    PLAYLOG_PATH,
    Audio,
    Command,
    CommandAck,
    CommandAcks,
    Heartbeat,
    Manifest,
    PlayLogBatch,
    PlayLogEntry,
)


class Offline(Exception):
    """The hub cannot be reached (or answered with a server error): carry on from the cache."""


class Refused(Exception):
    """The hub refused us (bad or revoked token: 401; not ours: 403; malformed: 422)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.audio_dir = root / "audio"
        self.audio_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(root / "device.sqlite3", check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(
            """
            CREATE TABLE IF NOT EXISTS pending_log (item_id TEXT, bulletin_id INTEGER, start TEXT, end_ TEXT,
                result TEXT, detail TEXT, PRIMARY KEY (item_id, start));
            CREATE TABLE IF NOT EXISTS played (item_id TEXT PRIMARY KEY, at TEXT);
            CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT);
            """
        )
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(pending_log)")}
        if "lang" not in columns:  # a store made before play logs named their language
            self._db.execute("ALTER TABLE pending_log ADD COLUMN lang TEXT NOT NULL DEFAULT ''")

    def close(self) -> None:
        self._db.close()

    # -- key/value (manifest, etag, volume, clock offset) ---------------------------------------

    def get(self, key: str, default: str | None = None) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def put(self, key: str, value: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", (key, value))

    def manifest(self) -> Manifest | None:
        raw = self.get("manifest")
        return Manifest.model_validate_json(raw) if raw else None

    def save_manifest(self, manifest: Manifest, etag: str) -> None:
        self.put("manifest", manifest.model_dump_json())
        self.put("etag", etag)

    # -- what was played ------------------------------------------------------------------------

    def was_played(self, item_id: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM played WHERE item_id = ?", (item_id,)).fetchone() is not None

    def log(self, entry: PlayLogEntry) -> None:
        """Record a play (and that the item is done) durably, before anything is sent."""
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute(
                "INSERT OR REPLACE INTO pending_log (item_id, bulletin_id, start, end_, result, detail, lang)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.item_id,
                    entry.bulletin_id,
                    entry.start.isoformat(),
                    entry.end.isoformat(),
                    entry.result.value,
                    entry.detail,
                    entry.lang,
                ),
            )
            self._db.execute("INSERT OR REPLACE INTO played VALUES (?, ?)", (entry.item_id, entry.start.isoformat()))
            self._db.execute("COMMIT")

    def pending(self, limit: int = MAX_PLAYLOG_BATCH) -> list[PlayLogEntry]:
        with self._lock:
            rows = self._db.execute(
                "SELECT item_id, bulletin_id, start, end_, result, detail, lang FROM pending_log"
                " ORDER BY start LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            PlayLogEntry(
                item_id=r[0], bulletin_id=r[1], start=r[2], end=r[3], result=r[4], detail=r[5] or "", lang=r[6] or ""
            )
            for r in rows
        ]

    def sent(self, entries: list[PlayLogEntry]) -> None:
        with self._lock:
            self._db.executemany(
                "DELETE FROM pending_log WHERE item_id = ? AND start = ?",
                [(e.item_id, e.start.isoformat()) for e in entries],
            )

    def count_pending(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM pending_log").fetchone()[0])

    # -- audio ----------------------------------------------------------------------------------

    def audio_path(self, audio: Audio) -> Path:
        return self.audio_dir / f"{audio.sha256}.{audio.format}"

    def has_audio(self, audio: Audio, verified: set[str]) -> bool:
        path = self.audio_path(audio)
        if audio.sha256 in verified:
            return path.exists()
        if path.exists() and sha256_file(path) == audio.sha256:
            verified.add(audio.sha256)
            return True
        path.unlink(missing_ok=True)  # corrupt or truncated: fetch again
        return False


class Link:
    """The hub over HTTP, with the clock correction learnt from its answers."""

    def __init__(self, hub: str, token: str, *, clock_skew: float = 0.0, timeout: float = 10.0) -> None:
        self.hub = hub.rstrip("/")
        self.token = token
        self.skew = clock_skew  # simulated error of this device's own clock (tests), seconds
        self.offset = 0.0  # hub time − our time, seconds, learnt from `server_time`
        self.http = httpx.Client(
            base_url=self.hub, headers={"Authorization": f"Bearer {token}"}, timeout=timeout, follow_redirects=True
        )

    def close(self) -> None:
        self.http.close()

    def local(self) -> float:
        return time.time() + self.skew

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.local() + self.offset, UTC)

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self.http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise Offline(str(exc)) from exc
        if response.status_code >= 500:
            raise Offline(f"hub answered {response.status_code}")
        if response.status_code in (401, 403, 404, 409, 422):
            try:
                detail = response.json().get("detail", response.text)
            except ValueError:
                detail = response.text
            raise Refused(response.status_code, str(detail))
        return response

    def manifest(self, etag: str | None, wait: int = 0, version: int = 0) -> tuple[Manifest, str] | None:
        """The new manifest and its ETag, or None when it has not changed."""
        headers = {"If-None-Match": etag} if etag else {}
        sent = self.local()
        read = httpx.Timeout(self.http.timeout.read + wait if self.http.timeout.read else None, connect=10)
        response = self._call(
            "GET",
            MANIFEST_PATH,
            params={k: v for k, v in (("wait", wait), ("version", version)) if v},
            headers=headers,
            timeout=read,
        )
        if response.status_code == 304:
            return None
        manifest = Manifest.model_validate_json(response.content)
        if not wait:  # a long-poll answer's age is unknown; a plain answer is at most one round trip old
            self.offset = manifest.server_time.timestamp() - (sent + self.local()) / 2
        else:
            self.offset = manifest.server_time.timestamp() - self.local()
        return manifest, response.headers.get("etag", "")

    def download(self, audio: Audio, target: Path) -> bool:
        """Fetch an audio file; False when what arrived does not match its SHA-256."""
        partial = target.with_suffix(".part")
        try:
            with self.http.stream("GET", audio.url) as response, partial.open("wb") as out:
                if response.status_code != 200:
                    raise Offline(f"audio answered {response.status_code}")
                for chunk in response.iter_bytes(1 << 16):
                    out.write(chunk)
        except httpx.HTTPError as exc:
            partial.unlink(missing_ok=True)
            raise Offline(str(exc)) from exc
        if sha256_file(partial) != audio.sha256:
            partial.unlink(missing_ok=True)
            return False
        partial.replace(target)
        return True

    def heartbeat(self, beat: Heartbeat) -> None:
        self._call("POST", HEARTBEAT_PATH, content=beat.model_dump_json(), headers={"Content-Type": "application/json"})

    def send_logs(self, device_id: str, entries: list[PlayLogEntry]) -> dict[str, int]:
        batch = PlayLogBatch(device_id=device_id, entries=entries)
        response = self._call(
            "POST", PLAYLOG_PATH, content=batch.model_dump_json(), headers={"Content-Type": "application/json"}
        )
        return response.json()

    def commands(self) -> list[Command]:
        return [Command.model_validate(c) for c in self._call("GET", COMMANDS_PATH).json()]

    def ack(self, device_id: str, acks: list[CommandAck]) -> None:
        body = CommandAcks(device_id=device_id, acks=acks).model_dump_json()
        self._call("POST", COMMANDS_ACK_PATH, content=body, headers={"Content-Type": "application/json"})


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


def ago(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)
