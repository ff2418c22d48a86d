"""The hub's NLU: the engine the settings choose, fed with the live areas table.

With `TTCS_NLU_URL` unset the embedded engine answers (trained on first use, in about a second).
With it set, a Rasa server answers and the embedded engine stands in when the server does not. In
both cases `area` entities name the areas of this hub — communes, villages and the aliases
officials added — re-read every `TTCS_NLU_AREAS_REFRESH_SECONDS`.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.settings import BotSettings
from hub.areas.listing import every_area
from nlu.areas import areas_yaml, load_province
from nlu.client import Engine, FallbackEngine, RasaServerEngine
from nlu.engine import EmbeddedEngine
from nlu.gazetteer import AreaEntry, Gazetteer

if TYPE_CHECKING:
    from sqlalchemy import Engine as Database

    from hub.config import Settings

log = logging.getLogger(__name__)


def load_areas(database: Database, province_code: int) -> list[AreaEntry]:
    """The areas table as gazetteer entries; the dataset's province when the table is empty or
    cannot be read (a fresh checkout before `ttcs db upgrade`)."""
    try:
        with database.connect() as connection:
            listed = every_area(connection)
        entries = [AreaEntry(a.code, a.name, a.level, a.parent_code, a.aliases) for a in listed]
    except Exception as exc:  # the database is not there yet: the NLU still works on the dataset
        reason = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        log.warning("NLU: cannot read the areas table (%s); using the vietnam-provinces dataset", reason)
        entries = []
    if not entries:
        entries = load_province(province_code)
    return entries


class Understanding:
    """Parse messages for one hub. Thread-safe; build one per app or command.

    It needs the settings and the database's engine only, not a hub: `ttcs nlu parse` builds it
    without loading the plugins (`standalone`), so that its first answer comes within a second or
    two (with the classifier kept on disk by `nlu.engine.trained_classifier`)."""

    def __init__(self, settings: Settings, database: Database) -> None:
        self.database = database
        self.settings = settings
        self.bot = settings.of(BotSettings)
        self._lock = threading.Lock()
        self._areas: list[AreaEntry] = []
        self._gazetteer: Gazetteer | None = None
        self._loaded_at = -1e9
        self._embedded: EmbeddedEngine | None = None
        self.engine: Engine = self._choose()

    def _choose(self) -> Engine:
        if not self.bot.nlu_url:
            return _Lazy(self.embedded)
        server = RasaServerEngine(
            self.bot.nlu_url,
            timeout=self.bot.nlu_timeout_seconds,
            gazetteer=lambda: self._gazetteer,
        )
        return FallbackEngine(server, self.embedded, retry_after=self.bot.nlu_retry_seconds)

    def embedded(self) -> EmbeddedEngine:
        """The embedded engine, trained on first need."""
        with self._lock:
            if self._embedded is None:
                started = time.perf_counter()
                self._embedded = EmbeddedEngine.from_files(
                    self.areas(locked=True),
                    cache_dir=Path(self.settings.var_dir) / "cache" / "nlu",
                    threshold=self.bot.nlu_fallback_threshold,
                )
                log.info("NLU: embedded engine trained in %.1f s", time.perf_counter() - started)
            return self._embedded

    def areas(self, *, locked: bool = False) -> list[AreaEntry]:
        if not locked:
            with self._lock:
                return self.areas(locked=True)
        if time.monotonic() - self._loaded_at >= self.bot.nlu_areas_refresh_seconds:
            self._areas = load_areas(self.database, self.settings.province_code)
            self._gazetteer = Gazetteer(self._areas)
            self._loaded_at = time.monotonic()
            if self._embedded is not None:
                self._embedded.set_areas(self._areas)
        return self._areas

    def parse(self, text: str) -> dict[str, Any]:
        self.areas()
        return self.engine.parse(text)

    def export_areas(self) -> str:
        """The `area` lookup and synonyms of this hub's areas, for a Rasa model."""
        return areas_yaml(self.areas())


class _Lazy:
    """The embedded engine, built when the first message arrives."""

    name = "embedded"

    def __init__(self, build: Any) -> None:
        self._build = build

    def parse(self, text: str) -> dict[str, Any]:
        return self._build().parse(text)
