"""Vietnamese NLU for TTCS: Rasa-format training data, the embedded engine, a Rasa server client.

`nlu` imports nothing of the hub; the hub's glue (`bot.understanding`) supplies the areas.

    engine = EmbeddedEngine.from_files(load_province(66))
    engine.parse("cho hoi lich phat loa o cu mgar")   # Rasa's /model/parse response
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nlu.areas import areas_yaml, load_province
    from nlu.engine import FALLBACK_INTENT, EmbeddedEngine
    from nlu.gazetteer import AreaEntry, Gazetteer
    from nlu.training import TrainingData, load_heldout, load_training

# Where each public name lives: importing `nlu.training` (the data's paths) must not train or
# import scikit-learn, so the package re-exports lazily (PEP 562).
_HOMES = {
    "areas_yaml": "nlu.areas",
    "load_province": "nlu.areas",
    "FALLBACK_INTENT": "nlu.engine",
    "EmbeddedEngine": "nlu.engine",
    "AreaEntry": "nlu.gazetteer",
    "Gazetteer": "nlu.gazetteer",
    "TrainingData": "nlu.training",
    "load_heldout": "nlu.training",
    "load_training": "nlu.training",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'nlu' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)


__all__ = [
    "FALLBACK_INTENT",
    "AreaEntry",
    "EmbeddedEngine",
    "Gazetteer",
    "TrainingData",
    "areas_yaml",
    "load_heldout",
    "load_province",
    "load_training",
]
