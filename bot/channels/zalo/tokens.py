"""The OA access token: about 25 hours; the refresh token: about 3 months, single use, rotated at
each refresh. Losing the newest refresh token means an OA admin must consent again, so it is
refreshed under a lock (one process at a time, others wait and take the new pair), stored before it
is used, and encrypted at rest with a key derived from the hub's secret. Tokens are never logged.

The pair is kept in the `chat_credential` table (PostgreSQL), or in `var/zalo-tokens` on SQLite: a
delivery holds SQLite's only write lock while it sends, so a refresh could not write there.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from cryptography.fernet import Fernet, InvalidToken

from bot.repository import CredentialRepository
from bot.settings import BotSettings
from hub.config import Settings
from hub.db.database import Database
from hub.kit.time import utcnow

log = logging.getLogger(__name__)
NAME = "zalo"
EARLY = timedelta(minutes=10)  # refresh this long before expiry
SEED_LIFETIME = timedelta(hours=1)  # a configured first access token is trusted this long


class ZaloAuthError(ConnectionError):
    """No valid access token could be had (the refresh was refused): messages wait and are retried."""


def cipher(settings: Settings) -> Fernet:
    digest = hashlib.sha256(b"ttcs/chat-credentials/" + settings.signing_key().encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


@dataclass(frozen=True)
class Pair:
    access: str
    refresh: str
    expires_at: datetime


class TableVault:
    """The pair in the `chat_credential` row, locked (FOR UPDATE) while it is refreshed."""

    def __init__(self, database: Database, fernet: Fernet) -> None:
        self.database = database
        self.fernet = fernet

    def read(self) -> Pair | None:
        with self.database.uow(write=False) as uow:
            return self._pair(CredentialRepository(uow.session).get(NAME))

    @contextmanager
    def locked(self) -> Iterator[tuple[Pair | None, Callable[[Pair], None]]]:
        with self.database.uow() as uow:
            store = CredentialRepository(uow.session)
            now = utcnow()

            def write(pair: Pair) -> None:
                sealed = [_seal(self.fernet, v) for v in (pair.access, pair.refresh)]
                store.put(NAME, sealed[0], sealed[1], pair.expires_at, now)
                uow.commit()

            yield self._pair(store.get(NAME, for_update=True)), write

    def _pair(self, row: dict[str, Any] | None) -> Pair | None:
        if row is None:
            return None
        return Pair(
            _open(self.fernet, row["access_token"]), _open(self.fernet, row["refresh_token"]), row["expires_at"]
        )


class FileVault:
    """The pair in a file under `var/` (the embedded default on SQLite, whose only write lock a
    delivery holds while it sends), replaced atomically under an exclusive file lock."""

    def __init__(self, path: Path, fernet: Fernet) -> None:
        self.path = path
        self.fernet = fernet

    def read(self) -> Pair | None:
        try:
            data = json.loads(_open(self.fernet, self.path.read_text()) or "null")
        except FileNotFoundError:
            return None
        if not isinstance(data, dict):
            return None
        return Pair(data["access"], data["refresh"], datetime.fromisoformat(data["expires_at"]))

    @contextmanager
    def locked(self) -> Iterator[tuple[Pair | None, Callable[[Pair], None]]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)

            def write(pair: Pair) -> None:
                document = {"access": pair.access, "refresh": pair.refresh, "expires_at": pair.expires_at.isoformat()}
                tmp = self.path.with_suffix(".part")
                tmp.write_text(_seal(self.fernet, json.dumps(document)))
                tmp.chmod(0o600)
                tmp.replace(self.path)

            yield self.read(), write


class TokenStore:
    def __init__(self, settings: Settings, database: Database, http: httpx.Client) -> None:
        self.settings = settings
        self.bot = settings.of(BotSettings)
        self.http = http
        fernet = cipher(settings)
        self.vault: TableVault | FileVault = (
            FileVault(settings.var_dir / "zalo-tokens", fernet) if settings.is_sqlite else TableVault(database, fernet)
        )
        self._known: Pair | None = None  # the pair last read or written by this process

    def access_token(self) -> str:
        for pair in (self._known, None):
            if pair is None:
                pair = self._known = self.vault.read()
            if pair is not None and pair.access and pair.expires_at - utcnow() > EARLY:
                return pair.access
        return self.refresh(stale=None)

    def refresh(self, stale: str | None) -> str:
        """A fresh access token. `stale`: the token the API just refused (refresh unless another
        process already replaced it while we waited for the lock)."""
        with self.vault.locked() as (pair, write):
            now = utcnow()
            if pair is not None and pair.access and pair.access != stale and pair.expires_at - now > EARLY:
                self._known = pair
                return pair.access
            if pair is None and self.bot.zalo_access_token and stale is None:
                self._known = Pair(
                    self.bot.zalo_access_token,
                    self.bot.zalo_refresh_token,
                    now + SEED_LIFETIME,
                )
                write(self._known)
                return self._known.access
            refresh_token = (pair.refresh if pair is not None else "") or self.bot.zalo_refresh_token
            if not refresh_token:
                raise ZaloAuthError("Zalo: no refresh token (set TTCS_ZALO_REFRESH_TOKEN)")
            fresh = self._exchange(refresh_token, now)
            write(fresh)  # stored before use: the old refresh token is spent now
            self._known = fresh
        log.info("zalo: access token refreshed, valid until %s", fresh.expires_at.isoformat(timespec="minutes"))
        return fresh.access

    def _exchange(self, refresh_token: str, now: datetime) -> Pair:
        url = self.bot.zalo_oauth_url.rstrip("/") + "/v4/oa/access_token"
        form = {
            "refresh_token": refresh_token,
            "app_id": self.bot.zalo_app_id,
            "grant_type": "refresh_token",
        }
        try:
            response = self.http.post(url, data=form, headers={"secret_key": self.bot.zalo_app_secret})
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ConnectionError(f"Zalo OAuth unreachable: {exc.__class__.__name__}") from exc
        if response.status_code != 200 or not isinstance(data, dict) or not data.get("access_token"):
            reason = (data.get("error_name") or data.get("error")) if isinstance(data, dict) else ""
            raise ZaloAuthError(f"Zalo refused to refresh the OA token ({response.status_code}: {reason})")
        lifetime = int(str(data.get("expires_in") or "3600"))
        rotated = str(data.get("refresh_token") or refresh_token)
        return Pair(str(data["access_token"]), rotated, now + timedelta(seconds=lifetime))


def _seal(fernet: Fernet, value: str) -> str:
    return fernet.encrypt(value.encode()).decode()


def _open(fernet: Fernet, sealed: str) -> str:
    try:
        return fernet.decrypt(sealed.encode()).decode()
    except InvalidToken:
        log.error("zalo: stored tokens cannot be read (was TTCS_SECRET_KEY changed?)")
        return ""
