"""Engines behind one interface: a real Rasa server over HTTP, and a fallback to the embedded one.

`RasaServerEngine` posts to a Rasa server's `/model/parse` and returns its answer with `area`
values made canonical by the caller's gazetteer (Rasa's synonyms map known spellings to the code;
its DIET model may return a spelling the synonyms do not know). `FallbackEngine` uses the server
while it answers and the embedded engine when it does not, logging each switch, and does not try
the server again for a while so that a dead server does not slow every message down.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

import httpx

from nlu.engine import area_entity, wordless
from nlu.gazetteer import Gazetteer

log = logging.getLogger(__name__)


class Engine(Protocol):
    @property
    def name(self) -> str: ...

    def parse(self, text: str) -> dict[str, Any]: ...


class EngineUnavailable(Exception):
    """The NLU server could not answer (down, timing out, or answering with an error)."""


class RasaServerEngine:
    name = "rasa"

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 5.0,
        gazetteer: Callable[[], Gazetteer | None] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self._gazetteer = gazetteer or (lambda: None)
        # No kept-alive connections: the engine lives as long as the app, which has no hook to close
        # it, and a loopback connection costs far less than Rasa's parse.
        limits = httpx.Limits(max_keepalive_connections=0)
        self._client = httpx.Client(timeout=timeout, transport=transport, limits=limits)

    def parse(self, text: str) -> dict[str, Any]:
        # Rasa reads an empty message, "?!?!" or an emoji as `affirm` (0.999): a "yes" nobody typed.
        empty = wordless(text)
        if empty is not None:
            return empty
        try:
            response = self._client.post(f"{self.url}/model/parse", json={"text": text})
        except httpx.HTTPError as exc:
            raise EngineUnavailable(f"{self.url}: {exc.__class__.__name__}: {exc}") from exc
        if response.status_code != 200:
            raise EngineUnavailable(f"{self.url}: HTTP {response.status_code}: {response.text[:200]}")
        try:
            result = response.json()
        except ValueError as exc:
            raise EngineUnavailable(f"{self.url}: the answer is not JSON") from exc
        if not isinstance(result, dict) or "intent" not in result:
            raise EngineUnavailable(f"{self.url}: the answer is not a parse result")
        return merged_entities(canonical_areas(result, self._gazetteer()))

    def close(self) -> None:
        self._client.close()


def canonical_areas(result: dict[str, Any], gazetteer: Gazetteer | None) -> dict[str, Any]:
    """Rewrite `area` entities to the canonical form (code as value, name in additional_info); drop
    those the gazetteer does not resolve."""
    if gazetteer is None:
        return result
    text = str(result.get("text") or "")
    entities = []
    for entity in result.get("entities") or []:
        if entity.get("entity") == "area":
            match = gazetteer.resolve(str(entity.get("value", "")))
            start, end = int(entity.get("start", 0)), int(entity.get("end", 0))
            if match is None and 0 <= start < end <= len(text):
                match = gazetteer.resolve(text[start:end])
            if match is None:
                # Not an area the hub knows, or a place word inside a common expression ("nhà văn hóa")
                # or typed with other marks: what DIET guessed from letters is no area.
                continue
            extractor = str(entity.get("extractor") or "rasa")
            canonical = area_entity(text, start, end, match.areas, match.via, extractor)
            canonical["confidence_entity"] = entity.get("confidence_entity", canonical["confidence_entity"])
            entity = {**entity, **canonical}
        entities.append(entity)
    return {**result, "entities": entities}


def merged_entities(result: dict[str, Any]) -> dict[str, Any]:
    """One entity per mention: Rasa's extractors (DIET, the regex lookup) each report every area, so
    overlapping mentions of one entity are merged, keeping the resolved, most confident, longest one."""

    def strength(entity: dict[str, Any]) -> tuple[int, float, int]:
        resolved = int("name" in (entity.get("additional_info") or {}))
        confidence = float(entity.get("confidence_entity") or 0.0)
        return resolved, confidence, int(entity.get("end", 0)) - int(entity.get("start", 0))

    kept: list[dict[str, Any]] = []
    for entity in result.get("entities") or []:
        start, end = int(entity.get("start", 0)), int(entity.get("end", 0))
        same = next(
            (
                i
                for i, other in enumerate(kept)
                if other.get("entity") == entity.get("entity")
                and (
                    (start < int(other.get("end", 0)) and int(other.get("start", 0)) < end)
                    or (start == end == int(other.get("start", 0)))
                )
            ),
            None,
        )
        if same is None:
            kept.append(entity)
        elif strength(entity) > strength(kept[same]):
            kept[same] = entity
    return {**result, "entities": sorted(kept, key=lambda e: int(e.get("start", 0)))}


class FallbackEngine:
    """The primary engine while it answers; the fallback (built on first need) when it does not."""

    def __init__(self, primary: Engine, fallback: Callable[[], Engine], *, retry_after: float = 30.0) -> None:
        self.primary = primary
        self._make_fallback = fallback
        self._fallback: Engine | None = None
        self.retry_after = retry_after
        self._down_since: float | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return f"{self.primary.name}+fallback"

    @property
    def fallback(self) -> Engine:
        with self._lock:
            if self._fallback is None:
                self._fallback = self._make_fallback()
            return self._fallback

    def parse(self, text: str) -> dict[str, Any]:
        down_since = self._down_since
        if down_since is None or time.monotonic() - down_since >= self.retry_after:
            try:
                result = self.primary.parse(text)
            except EngineUnavailable as exc:
                if down_since is None:
                    log.warning("NLU server unavailable (%s); using the embedded engine", exc)
                self._down_since = time.monotonic()
            else:
                if down_since is not None:
                    log.warning("NLU server answers again; using it")
                self._down_since = None
                return result
        return self.fallback.parse(text)
