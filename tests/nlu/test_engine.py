"""The embedded engine as the dialogue sees it: Rasa's parse format, quality, bad input."""

import unicodedata

import pytest

from nlu.engine import FALLBACK_INTENT, EmbeddedEngine
from nlu.evaluation import evaluate
from nlu.training import load_heldout


def test_quality_on_the_held_out_split(engine):
    """A floor that can fail: the held-out split is never trained on."""
    report = evaluate(engine.parse, load_heldout().examples)
    assert report.total >= 200
    assert report.macro_f1 >= 0.92, report.confusions
    assert report.accuracy >= 0.92, report.confusions
    assert report.area_accuracy >= 0.95
    assert report.area_false_alarms == 0


def test_done_when_example(engine):
    result = engine.parse("cho hoi lich phat loa o cu mgar")
    assert result["intent"]["name"] == "ask_schedule"
    (area,) = [e for e in result["entities"] if e["entity"] == "area"]
    assert area["value"] == "24280"
    assert area["additional_info"]["name"] == "Xã Cư M’gar"
    assert result["text"][area["start"] : area["end"]] == "cu mgar"


def test_parse_has_rasas_shape(engine):
    result = engine.parse("Mã PA-2026-000123 xử lý tới đâu rồi ạ")
    assert set(result) >= {"text", "intent", "entities", "intent_ranking"}
    assert set(result["intent"]) == {"name", "confidence"}
    assert result["intent"] == result["intent_ranking"][0]
    confidences = [i["confidence"] for i in result["intent_ranking"]]
    assert confidences == sorted(confidences, reverse=True) and len(confidences) <= 10
    (case,) = result["entities"]
    assert case == {
        "entity": "case_code",
        "start": 3,
        "end": 17,
        "value": "PA-2026-000123",
        "confidence_entity": 1.0,
        "extractor": "TTCSRegex",
    }
    assert result["intent"]["name"] == "check_feedback_status"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ko", "deny"),
        ("dc", "affirm"),
        ("👍", "affirm"),
        ("tks ad nhé", "thanks"),
        ("hom nay co cup dien ko", "ask_info"),
        ("đường ở thôn tôi bị sạt lở, đề nghị xã xử lý gấp", "report_feedback"),
        ("huy dang ky nhan tin", "unsubscribe"),
        ("đăng ký nhận tin bão lũ cho xã Ea Súp", "subscribe"),
        ("sdt ubnd xa ea kao", "ask_contact"),
        ("Cư M’gar", "inform_location"),
        ("toi o xa hoa phu", "inform_location"),
    ],
)
def test_citizens_typing(engine, text, intent):
    assert engine.parse(text)["intent"]["name"] == intent


def test_entities_of_a_long_message(engine):
    text = "Cho em hỏi lịch cắt điện ngày 15/12 ở phường Ea Kao và thời tiết mai thế nào ạ"
    entities = {(e["entity"], e["value"]) for e in engine.parse(text)["entities"]}
    assert entities == {
        ("topic", "local_affairs"),
        ("date", "15/12"),
        ("area", "24169"),
        ("topic", "disaster_emergency"),
        ("date", "ngày mai"),
    }


def test_marks_decide_when_the_folded_word_is_ambiguous(engine):
    assert [e["entity"] for e in engine.parse("bão có vào không")["entities"]] == ["topic"]
    assert engine.parse("bao giờ loa phát")["entities"] == []
    assert engine.parse("chờ mãi không thấy ai sửa đường")["entities"] == []


@pytest.mark.parametrize("text", ["", "   ", "?!...", "😀😂🎉", "\u200b\u200b", "\n\t"])
def test_nothing_to_understand_is_a_fallback_with_no_confidence(engine, text):
    result = engine.parse(text)
    assert result["text"] == text
    assert result["intent"] == {"name": FALLBACK_INTENT, "confidence": 0.0}
    assert result["entities"] == []


@pytest.mark.parametrize(
    "text",
    ["the quick brown fox jumps over the lazy dog", "lorem ipsum dolor sit amet consectetur", "xyzzy plugh qwop blorb"],
)
def test_foreign_or_gibberish_text_falls_back(engine, text):
    result = engine.parse(text)
    assert result["intent"]["name"] == FALLBACK_INTENT
    assert result["intent"]["confidence"] == engine.threshold
    assert result["intent_ranking"][0]["name"] == FALLBACK_INTENT
    assert result["intent_ranking"][1]["confidence"] < engine.threshold


def test_mixed_english_and_vietnamese_still_finds_the_area(engine):
    result = engine.parse("please cho hỏi lịch phát loa ở Cư M’gar, thanks")
    assert result["intent"]["name"] == "ask_schedule"
    assert [e["value"] for e in result["entities"] if e["entity"] == "area"] == ["24280"]


def test_decomposed_unicode_is_understood_and_offsets_fit_the_input(engine):
    text = unicodedata.normalize("NFD", "Cho hỏi lịch phát loa ở Cư M’gar")
    result = engine.parse(text)
    assert result["intent"]["name"] == "ask_schedule"
    (area,) = result["entities"]
    assert text[area["start"] : area["end"]] == unicodedata.normalize("NFD", "Cư M’gar")


def test_ten_thousand_characters_do_not_break_it(engine):
    text = ("mất điện ở Cư M’gar từ sáng tới giờ chưa có lại " * 250)[:10_000]
    result = engine.parse(text)
    assert result["text"] == text
    assert result["intent"]["name"] in {"report_feedback", "ask_info", FALLBACK_INTENT}
    assert all(0 <= e["start"] < e["end"] <= len(text) for e in result["entities"])


def test_rasa_intent_shortcut(engine):
    result = engine.parse('/inform_location{"area": "24280"}')
    assert result["intent"] == {"name": "inform_location", "confidence": 1.0}
    assert [(e["entity"], e["value"]) for e in result["entities"]] == [("area", "24280")]


def test_threshold_is_the_caller_s(province):
    strict = EmbeddedEngine.from_files(province, threshold=0.999)
    result = strict.parse("cho hoi lich phat loa o cu mgar")
    assert result["intent"] == {"name": FALLBACK_INTENT, "confidence": 0.999}
    assert result["intent_ranking"][1]["name"] == "ask_schedule"


def test_new_areas_need_no_retraining(engine, province):
    from nlu.gazetteer import AreaEntry

    engine2 = EmbeddedEngine.from_files(province)
    engine2.set_areas([*province, AreaEntry("24280-009", "Buôn Cuôr Knia", "village", "24280")])
    result = engine2.parse("loa ở buôn cuor knia mấy giờ phát")
    assert result["intent"]["name"] == "ask_schedule"
    assert [e["value"] for e in result["entities"]] == ["24280-009"]
