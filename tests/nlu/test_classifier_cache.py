"""The trained classifier is kept on disk by data fingerprint, so a new process answers its first
message without training again (the embedded NLU's first answer took the seconds of a training)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from nlu.engine import _cached, fingerprint
from nlu.training import load_training


def test_the_trained_classifier_is_kept_and_reused_by_data_fingerprint(tmp_path: Path) -> None:
    data = replace(load_training(), examples=load_training().examples[::8])  # a small set trains fast
    key = fingerprint(data)
    first = _cached(data, tmp_path, key)
    kept = list(tmp_path.glob("intent-classifier-*.pickle"))
    assert len(kept) == 1
    again = _cached(data, tmp_path, key)  # a new process: loaded, not trained again
    assert again is not first
    question = "khi nao tiem phong cho cho meo"
    assert again.probabilities(question, question).tolist() == first.probabilities(question, question).tolist()
    kept[0].write_bytes(b"not a pickle")  # a damaged file is trained again and replaced
    repaired = _cached(data, tmp_path, key)
    assert repaired.probabilities(question, question).tolist() == first.probabilities(question, question).tolist()
    assert kept[0].read_bytes() != b"not a pickle"


def test_the_fingerprint_follows_the_examples() -> None:
    data = load_training()
    fewer = replace(data, examples=data.examples[1:])
    assert fingerprint(fewer) != fingerprint(data)
