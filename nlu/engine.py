"""The embedded engine: Rasa's parse format from a model that trains in a second, in process.

Intent: `nlu.classifier` (entity mentions masked, so a new commune needs no new examples).
Entities: the gazetteer (`area`), the topic phrases, date rules and the case-code pattern.

Low confidence is reported as Rasa's `FallbackClassifier` does: the intent becomes `nlu_fallback`
with the threshold as confidence, inserted at the top of `intent_ranking`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from nlu import classifier as classifier_module
from nlu.classifier import MASKS, IntentClassifier, views
from nlu.extractors import TOPIC_CODES, PhraseMatcher, Span, find_case_codes, find_dates
from nlu.gazetteer import AreaEntry, Gazetteer
from nlu.text import Folded, fold_with_offsets
from nlu.training import CONFIG_PATH, Example, TrainingData, load_training

log = logging.getLogger(__name__)

FALLBACK_INTENT = "nlu_fallback"
RANKING_LENGTH = 10
MAX_ANALYSED_CHARS = 2000  # a longer message is understood from its beginning
_INTENT_TRIGGER_RE = re.compile(r"^\s*/(?P<intent>[A-Za-z_][\w-]*)(?P<entities>\{.*\})?\s*$", re.DOTALL)


def fallback_defaults(path: Path = CONFIG_PATH) -> tuple[float, float]:
    """`threshold` and `ambiguity_threshold` of the FallbackClassifier in `nlu/config.yml`."""
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for component in config.get("pipeline", []):
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3)), float(component.get("ambiguity_threshold", 0.1))
    return 0.3, 0.1


class EmbeddedEngine:
    """Train once from Rasa-format data; `parse(text)` is thread-safe."""

    name = "embedded"

    def __init__(
        self,
        data: TrainingData,
        areas: Iterable[AreaEntry] = (),
        *,
        threshold: float | None = None,
        ambiguity_threshold: float | None = None,
        classifier: IntentClassifier | None = None,
    ) -> None:
        default_threshold, default_ambiguity = fallback_defaults()
        self.threshold = default_threshold if threshold is None else threshold
        self.ambiguity_threshold = default_ambiguity if ambiguity_threshold is None else ambiguity_threshold
        self._lock = threading.Lock()
        self.common_words = _common_words(data.examples)
        self.gazetteer = Gazetteer(areas, self.common_words)
        self.topics = PhraseMatcher("topic", _topic_phrases(data), "TTCSTopicLexicon")
        self.classifier = classifier or IntentClassifier(data.examples)

    @classmethod
    def from_files(
        cls, areas: Iterable[AreaEntry] = (), *, cache_dir: Path | None = None, **options: Any
    ) -> EmbeddedEngine:
        """A new engine for the shipped data (the hub holds one per hub, in the bot's runtime); its
        classifier is the shipped data's, trained once (`trained_classifier`, kept in `cache_dir`)."""
        data = load_training()
        return cls(data, areas, classifier=trained_classifier(data, cache_dir), **options)

    def set_areas(self, areas: Iterable[AreaEntry]) -> None:
        """Replace the gazetteer (the areas table changed); the classifier is unaffected."""
        gazetteer = Gazetteer(areas, self.common_words)
        with self._lock:
            self.gazetteer = gazetteer

    # parsing --------------------------------------------------------------------------------

    def parse(self, text: str) -> dict[str, Any]:
        text = "" if text is None else str(text)
        trigger = _INTENT_TRIGGER_RE.match(text)
        if trigger:
            return _triggered(text, trigger)
        empty = wordless(text)
        if empty is not None:
            return empty
        analysed = text[:MAX_ANALYSED_CHARS]
        folded = fold_with_offsets(analysed)
        entities = self._entities(analysed, folded)
        ranking = self._rank(folded, entities)
        return {
            "text": text,
            "intent": dict(ranking[0]),
            "entities": entities,
            "intent_ranking": ranking,
            "text_tokens": [[t.start, t.end] for t in folded.tokens()],
        }

    def _rank(self, folded: Folded, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
        words, marks = views(folded, [(e["start"], e["end"], e["entity"]) for e in entities])
        probabilities = self.classifier.probabilities(words, marks) * self._familiarity(words)
        order = np.argsort(-probabilities)[:RANKING_LENGTH]
        intents = self.classifier.intents
        ranking = [{"name": intents[i], "confidence": round(float(probabilities[i]), 6)} for i in order]
        top = ranking[0]["confidence"]
        second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
        if top < self.threshold or top - second < self.ambiguity_threshold:
            ranking.insert(0, {"name": FALLBACK_INTENT, "confidence": self.threshold})
        return ranking

    def _familiarity(self, words: str) -> float:
        """Below 1 when most words of a longer message are unknown (English, gibberish): the model
        extrapolates from letters there, and its confidence should say so."""
        tokens = [w for w in words.split() if w not in MASKS.values()]
        if len(tokens) < 3:
            return 1.0
        known = sum(w in self.classifier.vocabulary for w in tokens) / len(tokens)
        return 1.0 if known >= 0.5 else known

    def _entities(self, text: str, folded: Folded) -> list[dict[str, Any]]:
        with self._lock:
            gazetteer = self.gazetteer
        found: list[dict[str, Any]] = []
        taken: list[tuple[int, int]] = []

        def add(entity: dict[str, Any]) -> None:
            if not any(entity["start"] < end and start < entity["end"] for start, end in taken):
                taken.append((entity["start"], entity["end"]))
                found.append(entity)

        for span in find_case_codes(folded):
            add(_entity(span, text))
        for match in gazetteer.find(text, folded):
            add(area_entity(text, match.start, match.end, match.areas, match.via))
        for span in find_dates(folded) + self.topics.find(folded):
            add(_entity(span, text))
        return sorted(found, key=lambda e: e["start"])


def wordless(text: str) -> dict[str, Any] | None:
    """The parse of a message with no words (empty, blanks, "?!?!", an emoji that says nothing):
    `nlu_fallback` at confidence 0 with any engine, never a guess such as `affirm`; None otherwise."""
    if _INTENT_TRIGGER_RE.match(text or ""):
        return None
    folded = fold_with_offsets((text or "")[:MAX_ANALYSED_CHARS])
    if folded.tokens():
        return None
    intent = {"name": FALLBACK_INTENT, "confidence": 0.0}
    return {"text": text, "intent": intent, "entities": [], "intent_ranking": [dict(intent)], "text_tokens": []}


def trained_classifier(data: TrainingData, cache_dir: Path | None = None) -> IntentClassifier:
    """The classifier trained on `data`, trained once per process for the same examples, and with
    `cache_dir` once per machine: a new process (a command, a restarted hub) loads the one trained
    before for the same data and code instead of spending seconds training it again.

    Not process state but a value derived from files: a trained classifier is read-only, and the
    same examples always train the same one, so sharing it between hubs changes nothing they can
    observe. Training takes seconds; a hub (each test's) must not pay that again for the same data.
    """
    global _trained
    key = fingerprint(data)
    with _trained_lock:
        if _trained is None or _trained[0] != key:
            _trained = (key, _cached(data, cache_dir, key) if cache_dir else IntentClassifier(data.examples))
        return _trained[1]


def fingerprint(data: TrainingData) -> str:
    """What a trained classifier depends on: the examples, the classifier's code and the versions of
    the libraries that pickle it (a file from another version must not be loaded)."""
    import sklearn

    digest = hashlib.sha256(repr([(e.text, e.intent, e.entities) for e in data.examples]).encode())
    digest.update(Path(classifier_module.__file__).read_bytes())
    digest.update(f"{sys.version_info[:3]} numpy {np.__version__} sklearn {sklearn.__version__}".encode())
    return digest.hexdigest()


def _cached(data: TrainingData, cache_dir: Path, key: str) -> IntentClassifier:
    """Load the classifier kept for `key`, or train and keep it (written whole, then renamed, so a
    crash mid-write leaves no half file). The cache lives in the hub's own state directory: only
    the hub writes there, which is what makes unpickling it safe."""
    path = cache_dir / f"intent-classifier-{key[:32]}.pickle"
    try:
        with path.open("rb") as stored:
            found = pickle.load(stored)
        if isinstance(found, IntentClassifier):
            return found
        log.warning("NLU: %s holds no classifier; training again", path)
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError) as exc:
        log.warning("NLU: cannot read the cached classifier %s (%s); training again", path, exc)
    trained = IntentClassifier(data.examples)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        with partial.open("wb") as out:
            pickle.dump(trained, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    except (OSError, pickle.PicklingError) as exc:  # the next start trains again, no more
        log.warning("NLU: cannot keep the trained classifier in %s (%s)", cache_dir, exc)
    return trained


_trained: tuple[str, IntentClassifier] | None = None  # the last examples' key and their classifier
_trained_lock = threading.Lock()


def area_entity(
    text: str, start: int, end: int, areas: tuple[AreaEntry, ...], via: str, extractor: str = "TTCSAreaGazetteer"
) -> dict[str, Any]:
    """An `area` entity: the value is the area code; `additional_info` has the canonical name.

    When the spelling names several areas the value is the text as typed and the candidates are
    listed, so the dialogue can ask which one.
    """
    entity: dict[str, Any] = {"entity": "area", "start": start, "end": end}
    if len(areas) == 1:
        entity["value"] = areas[0].code
        entity["additional_info"] = {**areas[0].info(), "matched": via}
    else:
        entity["value"] = text[start:end]
        entity["additional_info"] = {"candidates": [a.info() for a in areas], "matched": via}
    entity["confidence_entity"] = 1.0 if via != "typo" else 0.8
    entity["extractor"] = extractor
    return entity


def _entity(span: Span, text: str) -> dict[str, Any]:
    return {
        "entity": span.entity,
        "start": span.start,
        "end": span.end,
        "value": span.value,
        "confidence_entity": 1.0,
        "extractor": span.extractor,
    }


def _common_words(examples: list[Example]) -> set[str]:
    """Folded words of the training messages outside area mentions: ordinary Vietnamese."""
    words: set[str] = set()
    for example in examples:
        folded = fold_with_offsets(example.text)
        areas = [(e.start, e.end) for e in example.entities if e.entity == "area"]
        words.update(t.text for t in folded.tokens() if not any(s <= t.start < e for s, e in areas))
    return words


def _topic_phrases(data: TrainingData) -> list[tuple[str, str]]:
    """Topic synonyms (phrase → category code) and every annotated topic of the examples."""
    phrases = [(text, value) for text, value in data.synonyms.items() if value in TOPIC_CODES]
    phrases += [(e.text, e.value) for ex in data.examples for e in ex.entities if e.entity == "topic"]
    return phrases


def _triggered(text: str, match: re.Match[str]) -> dict[str, Any]:
    """Rasa's "/intent{json}" shortcut (buttons send it): confidence 1, entities as given."""
    entities = []
    if match.group("entities"):
        try:
            given = json.loads(match.group("entities"))
        except json.JSONDecodeError:
            given = {}
        if isinstance(given, dict):
            entities = [
                {"entity": str(k), "start": match.start("entities"), "end": match.end("entities"), "value": v}
                for k, v in given.items()
            ]
    intent = {"name": match.group("intent"), "confidence": 1.0}
    return {"text": text, "intent": intent, "entities": entities, "intent_ranking": [dict(intent)]}
