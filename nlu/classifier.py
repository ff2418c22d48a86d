"""The intent classifier of the embedded engine.

A logistic regression over three views of a message — folded words (uni- and bigrams, teencode
expanded), folded character n-grams (robust to typos and run-together words) and the words with
their marks (when typed, they tell "bán" from "bản" and "bạn"). Entity mentions are masked first
("lịch phát loa ở ENTAREA"), so the classifier never learns commune names.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from nlu.extractors import find_case_codes, find_dates
from nlu.text import Folded, accented_words, expand, fold_with_offsets, squeeze_repeats
from nlu.training import Example

MASKS = {"area": "entarea", "date": "entdate", "case_code": "entcase"}
# Unit words just before an area belong to the mention ("ở xã ENTAREA" ≈ "ở ENTAREA").
_UNIT_WORDS = {"xa", "phuong", "p", "x", "thon", "buon", "tp", "huyen", "tinh", "thi", "tran", "to"}


class IntentClassifier:
    """Trained once from examples; read-only afterwards, so engines may share one."""

    MARKS_WEIGHT = 0.5

    def __init__(self, examples: list[Example]) -> None:
        examples = [e for e in examples if e.intent]
        if len({e.intent for e in examples}) < 2:
            raise ValueError("the embedded engine needs examples of at least two intents")
        self._words = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True)
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
        self._marks = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True)
        rows = [views(*_training_spans(e)) for e in examples]
        matrix = hstack(
            [
                self._words.fit_transform([v[0] for v in rows]),
                self._chars.fit_transform([v[0] for v in rows]),
                self._marks.fit_transform([v[1] for v in rows]) * self.MARKS_WEIGHT,
            ]
        ).tocsr()
        self._model = LogisticRegression(C=50.0, max_iter=3000, class_weight="balanced")
        self._model.fit(matrix, [e.intent for e in examples])
        self.intents: list[str] = [str(c) for c in self._model.classes_]
        self.vocabulary = frozenset(w for v in rows for w in v[0].split())

        # Inference without scikit-learn's per-call validation, which costs more than the maths
        # for one short message: the same tf-idf (sublinear, l2) and softmax, on the fitted arrays.
        self._fitted = [
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
        for analyzer, vocabulary, idf, weight, view in self._fitted:
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
        probabilities: np.ndarray = scores / scores.sum()
        return probabilities

    def sklearn_probabilities(self, words: str, marks: str) -> np.ndarray:
        features = hstack(
            [
                self._words.transform([words]),
                self._chars.transform([words]),
                self._marks.transform([marks]) * self.MARKS_WEIGHT,
            ]
        )
        probabilities: np.ndarray = self._model.predict_proba(features)[0]
        return probabilities


def _training_spans(example: Example) -> tuple[Folded, list[tuple[int, int, str]]]:
    """An example's entity spans to mask: the annotated ones, and the dates and case codes the
    extractors find (annotations miss some, and parsing masks whatever the extractors find)."""
    folded = fold_with_offsets(example.text)
    spans = [(x.start, x.end, x.entity) for x in example.entities]
    spans += [(s.start, s.end, s.entity) for s in find_dates(folded) + find_case_codes(folded)]
    return folded, spans


def views(folded: Folded, spans: list[tuple[int, int, str]]) -> tuple[str, str]:
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
