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
from typing import Any

from bot.settings import BotSettings
from hub.areas import service as areas_service
from hub.context import Hub
from nlu.areas import areas_yaml, load_province
from nlu.client import Engine, FallbackEngine, RasaServerEngine
from nlu.engine import EmbeddedEngine
from nlu.gazetteer import AreaEntry, Gazetteer

log = logging.getLogger(__name__)


def load_areas(hub: Hub) -> list[AreaEntry]:
    """The areas table as gazetteer entries; the dataset's province when the table is empty or
    cannot be read (a fresh checkout before `ttcs db upgrade`)."""
    try:
        with hub.database.uow(write=False) as uow:
            rows = areas_service.all_with_aliases(uow)
            entries = [
                AreaEntry(
                    area.code,
                    area.name,
                    str(area.level),
                    parent.code if parent is not None else None,
                    tuple(aliases),
                )
                for area, parent, aliases in rows
            ]
    except Exception as exc:  # the database is not there yet: the NLU still works on the dataset
        reason = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        log.warning("NLU: cannot read the areas table (%s); using the vietnam-provinces dataset", reason)
        entries = []
    if not entries:
        entries = load_province(hub.settings.province_code)
    return entries


class Understanding:
    """Parse messages for one hub. Thread-safe; build one per app or command."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.settings = hub.settings
        self.bot = hub.settings.of(BotSettings)
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
            self._areas = load_areas(self.hub)
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
