"""Scoring an engine on labelled examples (the held-out split): intents and `area` entities.

The intent that counts is the one the dialogue would act on, so a fallback (`nlu_fallback`) on an
in-scope message is a miss. `area` accuracy is measured on the messages that name an area: the
set of area codes found must equal the annotated set; areas found in messages that name none are
counted separately as false alarms.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from nlu.training import Example

Parser = Callable[[str], dict[str, Any]]


@dataclass
class Report:
    total: int = 0
    accuracy: float = 0.0
    macro_f1: float = 0.0
    fallback_rate: float = 0.0
    area_accuracy: float = 0.0
    area_messages: int = 0
    area_false_alarms: int = 0
    per_intent: dict[str, dict[str, float]] = field(default_factory=dict)
    confusions: list[dict[str, Any]] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list, repr=False)

    def as_dict(self, *, with_confusions: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "examples": self.total,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "fallback_rate": round(self.fallback_rate, 4),
            "area_accuracy": round(self.area_accuracy, 4),
            "area_messages": self.area_messages,
            "area_false_alarms": self.area_false_alarms,
        }
        if with_confusions:
            out["per_intent"] = self.per_intent
            out["confusions"] = self.confusions
        return out


def area_codes(entities: Iterable[dict[str, Any]]) -> set[str]:
    return {str(e.get("value")) for e in entities if e.get("entity") == "area"}


def evaluate(parse: Parser, examples: list[Example]) -> Report:
    gold: list[str] = []
    predicted: list[str] = []
    report = Report(total=len(examples))
    area_hits = 0
    for example in examples:
        started = time.perf_counter()
        result = parse(example.text)
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        intent = (result.get("intent") or {}).get("name") or "nlu_fallback"
        gold.append(example.intent)
        predicted.append(intent)
        expected = {e.value for e in example.entities if e.entity == "area"}
        found = area_codes(result.get("entities", []))
        if expected:
            report.area_messages += 1
            area_hits += found == expected
        elif found:
            report.area_false_alarms += 1
    if not examples:
        return report
    report.accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    report.fallback_rate = predicted.count("nlu_fallback") / len(predicted)
    report.area_accuracy = area_hits / report.area_messages if report.area_messages else 1.0
    report.per_intent = _per_intent(gold, predicted)
    report.macro_f1 = sum(v["f1"] for v in report.per_intent.values()) / len(report.per_intent)
    pairs = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    report.confusions = [
        {"expected": g, "predicted": p, "count": n}
        for (g, p), n in sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
    ]
    return report


def _per_intent(gold: list[str], predicted: list[str]) -> dict[str, dict[str, float]]:
    scores = {}
    for intent in sorted(set(gold)):
        tp = sum(g == p == intent for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == intent and g != intent for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == intent and p != intent for g, p in zip(gold, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[intent] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
    return scores


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
