"""Telephone audio for the hotline's words: spoken once by the speech pipeline, kept on disk and in
memory as raw 8 kHz μ-law.

The key is the SHA-256 of the text and of the voice that speaks it, so a changed prompt or voice
is spoken again and an unchanged one never is. Bulletins' own 8 kHz renderings (made by the hub's
render jobs) are read from their files.
"""

from __future__ import annotations

import hashlib
import logging
import struct
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from voice.asr.g711 import pcm_to_ulaw
from voice.ivr.model import Clip, Piece, Playback, Say, Tone

log = logging.getLogger(__name__)

RATE = 8000
PAUSE = b"\xff" * int(RATE * 0.35)
MEMORY_ITEMS = 256

Speaker = Callable[[str], bytes]  # text → 8 kHz μ-law


def tone(seconds: float = 0.45, hz: float = 1000.0) -> bytes:
    """The beep before recording, after a short pause."""
    t = np.arange(int(RATE * seconds)) / RATE
    ramp = np.minimum(1.0, np.minimum(t, seconds - t) / 0.02)
    samples = (np.sin(2 * np.pi * hz * t) * ramp * 0.3 * 32767).astype(np.int16)
    return b"\xff" * int(RATE * 0.2) + pcm_to_ulaw(samples.tobytes())


def wav_data(data: bytes) -> bytes:
    """The samples of a WAV file (μ-law or A-law as the hub renders them), or the bytes as they are."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return data
    offset = 12
    while offset + 8 <= len(data):
        chunk, size = data[offset : offset + 4], struct.unpack_from("<I", data, offset + 4)[0]
        if chunk == b"data":
            return data[offset + 8 : offset + 8 + size]
        offset += 8 + size + (size & 1)
    return b""


class PromptCache:
    def __init__(self, directory: Path, speak: Speaker, voice_id: str) -> None:
        self.directory = directory
        self.speak = speak
        self.voice_id = voice_id
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[str, threading.Lock] = {}
        self._tone = tone()
        self.spoken = 0  # texts synthesised by this process (not found in the cache)

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.voice_id}\n{text}".encode()).hexdigest()

    def say(self, text: str) -> bytes:
        key = self.key(text)
        with self._lock:
            found = self._memory.get(key)
            if found is not None:
                self._memory.move_to_end(key)
                return found
            making = self._making.setdefault(key, threading.Lock())
        with making:  # two calls asking for the same new text synthesise it once
            path = self.directory / key[:2] / f"{key}.ulaw"
            if path.exists():
                audio = path.read_bytes()
            else:
                audio = self.speak(text)
                self.spoken += 1
                path.parent.mkdir(parents=True, exist_ok=True)
                with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".part") as tmp:
                    tmp.write(audio)
                Path(tmp.name).replace(path)
        with self._lock:
            self._memory[key] = audio
            while len(self._memory) > MEMORY_ITEMS:
                self._memory.popitem(last=False)
            self._making.pop(key, None)
        return audio

    def warm(self, texts: Iterable[str], workers: int = 2) -> None:
        """Speak the fixed prompts before the first call."""
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(self.say, dict.fromkeys(texts)))

    def clip(self, clip: Clip) -> bytes:
        if clip.ulaw:
            return clip.ulaw
        key = f"file:{clip.path}"
        with self._lock:
            found = self._memory.get(key)
        if found is None:
            found = wav_data(Path(clip.path).read_bytes())
            with self._lock:
                self._memory[key] = found
        return found

    def audio(self, pieces: Iterable[Piece], playback: Callable[[], bytes] = bytes) -> bytes:
        """One stretch of telephone audio for `pieces`, with a short pause between them."""
        out = bytearray()
        for piece in pieces:
            if out:
                out += PAUSE
            if isinstance(piece, Say):
                out += self.say(piece.text)
            elif isinstance(piece, Clip):
                out += self.clip(piece)
            elif isinstance(piece, Tone):
                out += self._tone
            elif isinstance(piece, Playback):
                out += playback()
        return bytes(out)


def pipeline_speaker(engine_name: str, voice: str, model_path: str, region: str, loudness: float) -> Speaker:
    """Text → 8 kHz μ-law through the speech pipeline: normalisation, TTS, loudness, G.711."""
    from voice.audio import Options, render
    from voice.normalize import normalize
    from voice.tts import make_engine, synthesize

    engine = make_engine(engine_name, voice=voice, model_path=model_path, threads=1)

    def speak(text: str) -> bytes:
        spoken = synthesize(engine, normalize(text, region=region).text, parallel=1)
        with tempfile.TemporaryDirectory(prefix="ttcs-ivr-") as tmp:
            made = render(spoken.audio, Options(loudness=loudness, chime=""), ("ulaw",), Path(tmp))["ulaw"]
            return wav_data(made.path.read_bytes())

    return speak
