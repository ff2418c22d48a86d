"""TTS engines: espeak-ng and the ONNX `vits` engine (a coqui-exported VITS and a Piper-format
voice), sentence splitting with pauses, parallel synthesis."""

import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from voice.errors import EngineUnavailable
from voice.tts import ENGINES, TTSEngine, make_engine, split, synthesize
from voice.tts.espeak import phonemes

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tts" / "tiny-vits.onnx"
SENTENCE = "Xin chào bà con, ủy ban nhân dân phường thông báo lịch tiêm chủng."


def test_espeak_says_vietnamese_and_describes_its_voice():
    engine = make_engine("espeak", voice="vi-vn-x-south")
    assert isinstance(engine, TTSEngine)
    audio = engine.synthesize(SENTENCE)
    assert 2.0 < audio.seconds < 15.0
    assert abs(int(audio.samples.astype("int32").max())) > 1000  # not silence
    voice = engine.voice
    assert (voice.language, voice.sample_rate, voice.engine) == ("vi", 22050, "espeak")
    assert "GPL" in voice.license and voice.name == "Tiếng Việt (giọng Nam)"


def test_vits_runs_a_coqui_exported_voice_with_its_character_set():
    engine = make_engine("vits", model_path=FIXTURE)
    audio = engine.synthesize(SENTENCE)
    assert audio.rate == 22050 and audio.seconds > 0.5
    assert engine.voice.language == "vi" and "CC0" in engine.voice.license
    # the ids are the ones coqui's own tokenizer gives (checked against coqui-tts 0.28 when the fixture was built)
    ids, missing = engine.tokenizer.encode("xin chào bà con")
    assert ids == [
        3,
        27,
        3,
        12,
        3,
        17,
        3,
        107,
        3,
        6,
        3,
        11,
        3,
        30,
        3,
        18,
        3,
        107,
        3,
        5,
        3,
        30,
        3,
        107,
        3,
        6,
        3,
        18,
        3,
        17,
        3,
    ]
    assert missing == []


def test_vits_reports_characters_the_voice_cannot_say():
    engine = make_engine("vits", model_path=FIXTURE)
    speech = synthesize(engine, "giá 5$ ở «chợ»")
    assert "$" in speech.dropped


def test_vits_loads_a_piper_voice_from_onnx_and_onnx_json(tmp_path):
    model = tmp_path / "vi_VN-test-medium.onnx"
    shutil.copyfile(FIXTURE, model)
    symbols = sorted(set(unicodedata.normalize("NFD", phonemes(SENTENCE.lower(), "vi"))))
    id_map = {"_": [0], "^": [1], "$": [2]} | {s: [3 + i] for i, s in enumerate(symbols)}
    Path(f"{model}.json").write_text(
        json.dumps(
            {
                "audio": {"sample_rate": 16000},
                "espeak": {"voice": "vi"},
                "inference": {"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8},
                "phoneme_type": "espeak",
                "phoneme_id_map": id_map,
                "num_speakers": 1,
                "language": {"code": "vi_VN"},
                "dataset": "test",
            }
        )
    )
    engine = make_engine("vits", model_path=model)
    ids, missing = engine.tokenizer.encode("xin chào")
    assert ids[:2] == [1, 0] and ids[-1] == 2 and ids[-2] == 0  # BOS, pad … pad, EOS as piper-phonemize makes them
    assert missing == []
    audio = engine.synthesize(SENTENCE)
    assert audio.rate == 16000 and audio.seconds > 0.5


def test_a_missing_voice_model_is_a_clear_error(tmp_path):
    with pytest.raises(EngineUnavailable) as raised:
        make_engine("vits", model_path=tmp_path / "none.onnx")
    assert "none.onnx" in raised.value.detail
    with pytest.raises(EngineUnavailable):
        make_engine("vits")
    with pytest.raises(EngineUnavailable):
        make_engine("festival")
    assert ENGINES == ("espeak", "vits", "coqui")


def test_coqui_engine_without_the_extra_says_how_to_install_it(tmp_path):
    checkpoint = tmp_path / "model.pth"
    checkpoint.write_bytes(b"not a model")
    (tmp_path / "config.json").write_text("{}")
    engine = make_engine("coqui", model_path=checkpoint)
    with pytest.raises(EngineUnavailable) as raised:
        engine.synthesize("xin chào")
    assert ".[coqui]" in raised.value.detail


def test_long_texts_split_at_sentences_with_longer_pauses_between_paragraphs():
    pieces = split("Câu một. Câu hai!\nĐoạn hai, có " + "rất nhiều chữ, " * 40 + "hết.")
    assert [p.text for p in pieces[:2]] == ["Câu một.", "Câu hai!"]
    assert pieces[0].pause < pieces[1].pause  # a sentence, then the end of a paragraph
    assert all(len(p.text) <= 280 for p in pieces)
    assert pieces[-1].pause == 0


def test_parallel_synthesis_keeps_the_sentences_in_order():
    engine = make_engine("espeak")
    text = "Một. Hai hai hai hai hai hai hai hai hai hai hai hai. Ba."
    together = synthesize(engine, text, parallel=3)
    alone = synthesize(engine, text, parallel=1)
    assert together.pieces == 3
    assert (together.audio.samples == alone.audio.samples).all()


def test_the_int8_copy_of_a_vits_voice_is_made_and_speaks(tmp_path):
    from voice.tts.vits import quantize, quantized_path

    model = tmp_path / "voice.onnx"
    shutil.copyfile(FIXTURE, model)
    shutil.copyfile(f"{FIXTURE}.json", f"{model}.json")
    with pytest.raises(EngineUnavailable) as raised:  # asked for before it exists: says how to make it
        make_engine("vits", model_path=model, precision="int8")
    assert "ttcs tts-quantize" in raised.value.detail
    made = quantize(model)
    assert made == quantized_path(model) == tmp_path / "voice.int8.onnx"
    assert Path(f"{made}.json").is_file()
    assert made.stat().st_size < model.stat().st_size
    full = make_engine("vits", model_path=model).synthesize(SENTENCE)
    small = make_engine("vits", model_path=model, precision="int8")
    assert small.voice.id == "voice.int8.onnx"
    audio = small.synthesize(SENTENCE)
    assert audio.rate == full.rate
    assert 0.5 * full.seconds < audio.seconds < 2 * full.seconds  # the same words, about as long
    assert int(abs(audio.samples.astype("int32")).max()) > 1000  # not silence


def test_an_unknown_precision_is_a_clear_error():
    with pytest.raises(EngineUnavailable) as raised:
        make_engine("vits", model_path=FIXTURE, precision="fp8")
    assert "fp8" in raised.value.detail


def test_engines_of_the_same_voice_share_one_onnx_session():
    first = make_engine("vits", model_path=FIXTURE)
    second = make_engine("vits", model_path=FIXTURE)
    first.synthesize("xin chào")
    second.synthesize("xin chào")
    assert first._session is second._session


def test_vits_says_the_sentences_in_parallel_in_order_from_one_shared_session():
    engine = make_engine("vits", model_path=FIXTURE)
    engine.scales = [0.0, engine.scales[1], 0.0]  # no noise: the same sentence gives the same samples
    text = "Một hai ba. Bà con chú ý, giá 5$ ở chợ hôm nay. Xin cảm ơn."
    heard: list[tuple[int, int]] = []
    together = synthesize(engine, text, parallel=2, progress=lambda done, total: heard.append((done, total)))
    alone = synthesize(engine, text, parallel=1)
    assert together.pieces == 3
    assert (together.audio.samples == alone.audio.samples).all()
    assert heard == [(1, 3), (2, 3), (3, 3)]
