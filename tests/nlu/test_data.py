"""The training data is valid Rasa data, large and varied enough, and the held-out split is apart."""

from collections import Counter

import yaml

from hub.bulletins.categories import Category
from nlu.areas import areas_yaml, load_province
from nlu.engine import fallback_defaults
from nlu.extractors import TOPIC_CODES
from nlu.text import fold
from nlu.training import CONFIG_PATH, DATA_DIR, load_heldout, load_training

INTENTS = {
    "greet",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "help",
    "ask_info",
    "ask_schedule",
    "report_feedback",
    "check_feedback_status",
    "subscribe",
    "unsubscribe",
    "inform_location",
    "ask_contact",
    "out_of_scope",
}


def test_every_intent_has_at_least_forty_examples():
    counts = Counter(e.intent for e in load_training().examples)
    assert set(counts) == INTENTS
    assert min(counts.values()) >= 40, counts


def test_examples_are_written_with_and_without_marks():
    for intent, examples in _by_intent(load_training().examples).items():
        marked = sum(fold(e) != e.lower() for e in examples)
        assert 0.25 < marked / len(examples) < 0.85, intent


def test_the_held_out_split_is_never_trained_on():
    trained = {fold(e.text) for e in load_training().examples}
    heldout = load_heldout().examples
    assert {e.intent for e in heldout} == INTENTS
    assert [e.text for e in heldout if fold(e.text) in trained] == []


def test_annotated_areas_resolve_to_codes():
    codes = {a.code for a in load_province(66)}
    for example in load_heldout().examples:
        for entity in example.entities:
            if entity.entity == "area":
                assert entity.value in codes, example.text
    for example in load_training().examples:
        for entity in example.entities:
            village = fold(entity.text).startswith(("thon", "buon ea pok"))
            if entity.entity == "area" and not village:
                assert entity.value in codes, example.text


def test_topics_are_the_bulletin_categories():
    assert set(TOPIC_CODES) == {c.value for c in Category}
    for example in load_training().examples + load_heldout().examples:
        for entity in example.entities:
            if entity.entity == "topic":
                assert entity.value in TOPIC_CODES, (example.text, entity.text)


def test_the_shipped_area_lookup_is_generated_from_the_dataset():
    assert (DATA_DIR / "areas.yml").read_text(encoding="utf-8") == areas_yaml(load_province(66))


def test_the_area_lookup_covers_every_spelling():
    doc = yaml.safe_load((DATA_DIR / "areas.yml").read_text(encoding="utf-8"))
    synonyms = {item["synonym"]: item["examples"] for item in doc["nlu"] if "synonym" in item}
    assert len(synonyms) == 103  # the province and its 102 communes and wards
    cu_mgar = synonyms["24280"]
    for spelling in ("Xã Cư M’gar", "Cư M’gar", "Cư M'gar", "cu mgar", "xa cu mgar", "cumgar"):
        assert f"- {spelling}\n" in cu_mgar


def test_the_pipeline_is_rasa_3_and_both_engines_fall_back_alike():
    config = yaml.safe_load(CONFIG_PATH.read_text(encoding="utf-8"))
    names = [c["name"] for c in config["pipeline"]]
    assert config["recipe"] == "default.v1" and config["language"] == "vi"
    assert names[0] == "WhitespaceTokenizer" and "DIETClassifier" in names
    assert names.index("RegexEntityExtractor") < names.index("EntitySynonymMapper")
    fallback = next(c for c in config["pipeline"] if c["name"] == "FallbackClassifier")
    assert fallback_defaults() == (fallback["threshold"], fallback["ambiguity_threshold"])


def _by_intent(examples):
    out = {}
    for e in examples:
        out.setdefault(e.intent, []).append(e.text)
    return out
