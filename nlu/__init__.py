"""Vietnamese NLU for TTCS: Rasa-format training data, the embedded engine, a Rasa server client.

`nlu` imports nothing of the hub; the hub's glue (`bot.understanding`) supplies the areas.

    engine = EmbeddedEngine.from_files(load_province(66))
    engine.parse("cho hoi lich phat loa o cu mgar")   # Rasa's /model/parse response
"""

from nlu.areas import areas_yaml, load_province
from nlu.engine import FALLBACK_INTENT, EmbeddedEngine
from nlu.gazetteer import AreaEntry, Gazetteer
from nlu.training import TrainingData, load_heldout, load_training

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
