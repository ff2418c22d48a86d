"""The embedded engine: Rasa's parse format from a model that trains in a second, in process.

Intent: a logistic regression over three views of the message — folded words (uni- and bigrams,
teencode expanded), folded character n-grams (robust to typos and run-together words) and the
words with their marks (when the citizen typed them they disambiguate "bán"/"bản"/"bạn"). Entity
mentions are masked before classification ("lịch phát loa ở ENTAREA"), so a new commune needs no
new examples. Entities come from the gazetteer (`area`), the topic phrases, date rules and the
case-code pattern.

Low confidence is reported as Rasa's `FallbackClassifier` does: the intent becomes `nlu_fallback`
with the threshold as confidence, inserted at the top of `intent_ranking`.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterable
from typing import Any

import numpy as np
import yaml
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from nlu.extractors import TOPIC_CODES, PhraseMatcher, Span, find_case_codes, find_dates
from nlu.gazetteer import AreaEntry, Gazetteer
from nlu.text import Folded, accented_words, expand, fold_with_offsets, squeeze_repeats
from nlu.training import CONFIG_PATH, Example, TrainingData, load_training

FALLBACK_INTENT = "nlu_fallback"
RANKING_LENGTH = 10
MAX_ANALYSED_CHARS = 2000  # a longer message is understood from its beginning
MASKS = {"area": "entarea", "date": "entdate", "case_code": "entcase"}
# Unit words just before an area belong to the mention ("ở xã ENTAREA" ≈ "ở ENTAREA").
_UNIT_WORDS = {"xa", "phuong", "p", "x", "thon", "buon", "tp", "huyen", "tinh", "thi", "tran", "to"}
_INTENT_TRIGGER_RE = re.compile(r"^\s*/(?P<intent>[A-Za-z_][\w-]*)(?P<entities>\{.*\})?\s*$", re.DOTALL)


def fallback_defaults(path=CONFIG_PATH) -> tuple[float, float]:
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
    def from_files(cls, areas: Iterable[AreaEntry] = (), **options: Any) -> EmbeddedEngine:
        """The engine for the shipped data; the classifier is trained once per process and shared
        (it is read-only once trained), so every app or command after the first starts at once."""
        data = load_training()
        key = hashlib.sha256(repr([(e.text, e.intent, e.entities) for e in data.examples]).encode()).hexdigest()
        with _shared_lock:
            if key not in _shared:
                _shared.clear()
                _shared[key] = IntentClassifier(data.examples)
            classifier = _shared[key]
        return cls(data, areas, classifier=classifier, **options)

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
        analysed = text[:MAX_ANALYSED_CHARS]
        folded = fold_with_offsets(analysed)
        entities = self._entities(analysed, folded)
        if not folded.tokens():
            ranking = [{"name": FALLBACK_INTENT, "confidence": 0.0}]
        else:
            ranking = self._rank(folded, entities)
        return {
            "text": text,
            "intent": dict(ranking[0]),
            "entities": entities,
            "intent_ranking": ranking,
            "text_tokens": [[t.start, t.end] for t in folded.tokens()],
        }

    def _rank(self, folded: Folded, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
        words, marks = _views(folded, [(e["start"], e["end"], e["entity"]) for e in entities])
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


class IntentClassifier:
    """Logistic regression over folded word n-grams, folded character n-grams and marked words."""

    MARKS_WEIGHT = 0.5

    def __init__(self, examples: list[Example]) -> None:
        examples = [e for e in examples if e.intent]
        if len({e.intent for e in examples}) < 2:
            raise ValueError("the embedded engine needs examples of at least two intents")
        self._words = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True)
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
        self._marks = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True)
        views = [_views(*_training_spans(e)) for e in examples]
        matrix = hstack(
            [
                self._words.fit_transform([v[0] for v in views]),
                self._chars.fit_transform([v[0] for v in views]),
                self._marks.fit_transform([v[1] for v in views]) * self.MARKS_WEIGHT,
            ]
        ).tocsr()
        self._model = LogisticRegression(C=50.0, max_iter=3000, class_weight="balanced")
        self._model.fit(matrix, [e.intent for e in examples])
        self.intents: list[str] = [str(c) for c in self._model.classes_]
        self.vocabulary = frozenset(w for v in views for w in v[0].split())

        # Inference without scikit-learn's per-call validation, which costs more than the maths
        # for one short message: the same tf-idf (sublinear, l2) and softmax, on the fitted arrays.
        self._views = [
            (self._words.build_analyzer(), self._words.vocabulary_, self._words.idf_, 1.0, 0),
            (self._chars.build_analyzer(), self._chars.vocabulary_, self._chars.idf_, 1.0, 1),
            (self._marks.build_analyzer(), self._marks.vocabulary_, self._marks.idf_, self.MARKS_WEIGHT, 2),
        ]
        sizes = [len(v.vocabulary_) for v in (self._words, self._chars, self._marks)]
        self._offsets = [0, sizes[0], sizes[0] + sizes[1]]
        self._coef = np.ascontiguousarray(self._model.coef_.T)  # features × classes
        self._intercept = self._model.intercept_

    def probabilities(self, words: str, marks: str) -> np.ndarray:
        """Class probabilities, as `predict_proba` computes them (a test checks they agree)."""
        scores = self._intercept.copy()
        for analyzer, vocabulary, idf, weight, view in self._views:
            counts: dict[int, int] = {}
            for gram in analyzer(marks if view == 2 else words):
                index = vocabulary.get(gram)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if not counts:
                continue
            indices = np.fromiter(counts, dtype=np.intp, count=len(counts))
            values = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * idf[indices]
            values *= weight / np.sqrt(values @ values)
            scores += values @ self._coef[indices + self._offsets[view]]
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()  # type: ignore[no-any-return]

    def sklearn_probabilities(self, words: str, marks: str) -> np.ndarray:
        features = hstack(
            [
                self._words.transform([words]),
                self._chars.transform([words]),
                self._marks.transform([marks]) * self.MARKS_WEIGHT,
            ]
        )
        return self._model.predict_proba(features)[0]  # type: ignore[no-any-return]


_shared: dict[str, IntentClassifier] = {}
_shared_lock = threading.Lock()


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


def _views(folded: Folded, spans: list[tuple[int, int, str]]) -> tuple[str, str]:
    """(masked folded words with teencode expanded, masked words with their marks)."""
    words: list[str] = []
    marks: list[str] = []
    for token in folded.tokens():
        covering = next((s for s in spans if s[0] <= token.start and token.end <= s[1] and s[2] in MASKS), None)
        if covering is not None:
            mask = MASKS[covering[2]]
            while mask == "entarea" and words and words[-1] in _UNIT_WORDS:
                words.pop()
                marks.pop()
            if not words or words[-1] != mask:
                words.append(mask)
                marks.append(mask)
            continue
        word = squeeze_repeats(token.text)
        words.extend(expand([word]))
        marks.extend(accented_words(folded.original[token.start : token.end]) or [word])
    return " ".join(words), " ".join(marks)


def _training_spans(example: Example) -> tuple[Folded, list[tuple[int, int, str]]]:
    """An example's entity spans to mask: the annotated ones, and the dates and case codes the
    extractors find (annotations miss some, and parsing masks whatever the extractors find)."""
    folded = fold_with_offsets(example.text)
    spans = [(x.start, x.end, x.entity) for x in example.entities]
    spans += [(s.start, s.end, s.entity) for s in find_dates(folded) + find_case_codes(folded)]
    return folded, spans


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
