"""Speech recognition on the hotline (when `TTCS_ASR_MODEL_PATH` names a vosk model).

While a question waits, the caller's audio goes to a recogniser restricted to the words the
question accepts ("một", "hai", "có", "không", commune names); the first word it is sure of
counts like a key. A feedback recording is transcribed with the model's full vocabulary. Decoding
runs in a thread per listening call, never on the media thread.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from voice.asr.vosk import VoskRecognizer
from voice.ivr.session import Listener, ListenerFactory, Transcriber

log = logging.getLogger(__name__)

MIN_CONFIDENCE = 0.6


class VoskListener(Listener):
    def __init__(self, recognizer: VoskRecognizer, words: tuple[str, ...], on_word: Callable[[str], None]) -> None:
        super().__init__(words, on_word)
        self._stream = recognizer.stream(grammar=list(words), allow_unknown=True)
        self._audio: queue.Queue[bytes | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="ivr-asr", daemon=True)
        self._thread.start()

    def feed(self, pcm: bytes) -> None:
        self._audio.put(pcm)

    def close(self) -> None:
        self._audio.put(None)

    def _run(self) -> None:
        buffered = b""
        while True:
            chunk = self._audio.get()
            if chunk is None:
                return
            buffered += chunk
            if len(buffered) < 3200:  # decode a fifth of a second at a time
                continue
            try:
                for result in self._stream.feed(buffered):
                    if result.final and result.text and result.confidence >= MIN_CONFIDENCE:
                        self.on_word(result.text)
                        return
            except Exception:
                log.exception("ivr: recognition failed")
                return
            finally:
                buffered = b""


def listener_factory(model_path: str) -> ListenerFactory:
    recognizer = VoskRecognizer(model_path)

    def make(words: tuple[str, ...], on_word: Callable[[str], None]) -> Listener:
        return VoskListener(recognizer, words, on_word)

    return make


def transcriber(model_path: str) -> Transcriber:
    recognizer = VoskRecognizer(model_path)

    def transcribe(pcm: bytes) -> str:
        return recognizer.recognize(pcm).text

    return transcribe
