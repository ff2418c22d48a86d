"""The Rasa server client and the fallback to the embedded engine (no Rasa needed here)."""

import json
import logging

import httpx
import pytest

from nlu.client import EngineUnavailable, FallbackEngine, RasaServerEngine
from nlu.gazetteer import Gazetteer
from tests.support.ports import free_port

RASA_ANSWER = {
    "text": "loa o Cư M'gar may gio phat",
    "intent": {"name": "ask_schedule", "confidence": 0.97},
    "entities": [
        {
            "entity": "area",
            "start": 6,
            "end": 14,
            "value": "Cư M'gar",
            "extractor": "DIETClassifier",
            "confidence_entity": 0.99,
        }
    ],
    "intent_ranking": [{"name": "ask_schedule", "confidence": 0.97}],
    "text_tokens": [[0, 3]],
}


def test_a_rasa_answer_gets_canonical_areas(province):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, json.loads(request.content)))
        return httpx.Response(200, json=RASA_ANSWER)

    gazetteer = Gazetteer(province)
    engine = RasaServerEngine("http://rasa.test", transport=httpx.MockTransport(handler), gazetteer=lambda: gazetteer)
    result = engine.parse(RASA_ANSWER["text"])
    assert seen == [("/model/parse", {"text": RASA_ANSWER["text"]})]
    (area,) = result["entities"]
    assert area["value"] == "24280"
    assert area["additional_info"]["name"] == "Xã Cư M’gar"
    assert area["extractor"] == "DIETClassifier" and area["confidence_entity"] == 0.99
    assert result["text_tokens"] == [[0, 3]]


@pytest.mark.parametrize(
    "response",
    [httpx.Response(500, text="boom"), httpx.Response(200, text="<html>"), httpx.Response(200, json={"x": 1})],
)
def test_a_bad_answer_is_unavailable(response):
    engine = RasaServerEngine("http://rasa.test", transport=httpx.MockTransport(lambda request: response))
    with pytest.raises(EngineUnavailable):
        engine.parse("xin chào")


def test_a_server_that_is_down_falls_back_to_the_embedded_engine_and_says_so(engine, caplog):
    server = RasaServerEngine(f"http://127.0.0.1:{free_port()}", timeout=2.0)
    built = []

    def embedded():
        built.append(1)
        return engine

    fallback = FallbackEngine(server, embedded, retry_after=60)
    with caplog.at_level(logging.WARNING, logger="nlu.client"):
        first = fallback.parse("cho hoi lich phat loa o cu mgar")
        second = fallback.parse("cảm ơn")
    assert first["intent"]["name"] == "ask_schedule"
    assert first["entities"][0]["extractor"] == "TTCSAreaGazetteer"
    assert second["intent"]["name"] == "thanks"
    assert built == [1]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "using the embedded engine" in warnings[0]


def test_the_server_is_used_again_when_it_is_back(engine, caplog):
    answers = iter([EngineUnavailable("down"), RASA_ANSWER])

    class Flaky:
        name = "rasa"

        def parse(self, text):
            answer = next(answers)
            if isinstance(answer, Exception):
                raise answer
            return answer

    fallback = FallbackEngine(Flaky(), lambda: engine, retry_after=0)
    with caplog.at_level(logging.WARNING, logger="nlu.client"):
        assert fallback.parse("xin chào")["intent"]["name"] == "greet"
        assert fallback.parse("x")["intent"]["name"] == "ask_schedule"
    assert "answers again" in caplog.records[-1].getMessage()


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "?!?!", "🙂", "...", "😀😀"])
def test_a_message_with_no_words_is_never_affirm_with_rasa(text):
    """A real Rasa 3.6 model answers these with `affirm` at 0.999: a "yes" in a confirmation step."""
    asked = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(json.loads(request.content)["text"])
        affirm = {"name": "affirm", "confidence": 0.999}
        return httpx.Response(200, json={"text": text, "intent": affirm, "entities": [], "intent_ranking": [affirm]})

    engine = RasaServerEngine("http://rasa.test", transport=httpx.MockTransport(handler))
    result = engine.parse(text)
    assert result["intent"] == {"name": "nlu_fallback", "confidence": 0.0}
    assert asked == []
    assert engine.parse("có")["intent"]["name"] == "affirm"  # words still go to the server


@pytest.mark.parametrize("text", ["", "   ", "?!?!", "🙂", "…"])
def test_a_message_with_no_words_is_never_affirm_with_the_embedded_engine(engine, text):
    assert engine.parse(text)["intent"]["name"] == "nlu_fallback"


def test_rasas_duplicate_entities_are_merged(province):
    text = "loa o Cư M'gar va Ea Kao may gio phat"
    regex = {"entity": "area", "start": 6, "end": 14, "value": "24280", "extractor": "RegexEntityExtractor"}
    diet = {**regex, "value": "Cư M'gar", "extractor": "DIETClassifier", "confidence_entity": 0.97}
    diet_short = {**diet, "start": 6, "end": 8, "value": "Cư", "confidence_entity": 0.4}
    ea_kao = {"entity": "area", "start": 18, "end": 24, "value": "Ea Kao", "extractor": "DIETClassifier"}
    ea_kao_regex = {**ea_kao, "value": "24169", "extractor": "RegexEntityExtractor"}
    answer = {
        **RASA_ANSWER,
        "text": text,
        "entities": [diet, regex, diet_short, ea_kao_regex, ea_kao, {"entity": "topic", "start": 6, "end": 8}],
    }
    gazetteer = Gazetteer(province)
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=answer))
    engine = RasaServerEngine("http://rasa.test", transport=transport, gazetteer=lambda: gazetteer)
    entities = engine.parse(text)["entities"]
    assert [(e["entity"], e.get("value")) for e in entities] == [("area", "24280"), ("topic", None), ("area", "24169")]


def test_an_area_rasa_guesses_inside_a_common_expression_or_with_other_marks_is_dropped(province):
    text = "hop o nha văn hóa thon nao vay"
    guess = {"entity": "area", "start": 10, "end": 17, "value": "văn hóa", "extractor": "DIETClassifier"}
    answer = {**RASA_ANSWER, "text": text, "entities": [guess]}
    gazetteer = Gazetteer(province)
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=answer))
    engine = RasaServerEngine("http://rasa.test", transport=transport, gazetteer=lambda: gazetteer)
    assert engine.parse(text)["entities"] == []
