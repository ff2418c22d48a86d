"""espeak-ng: always available, robotic, very fast (a few ms per second of audio). The default."""

from __future__ import annotations

import shutil
import subprocess

from voice.errors import EngineUnavailable
from voice.tts.base import Audio, Voice

VOICES = {
    "vi": "Tiếng Việt (giọng Bắc)",
    "vi-vn-x-central": "Tiếng Việt (giọng Trung)",
    "vi-vn-x-south": "Tiếng Việt (giọng Nam)",
}
RATE = 22050


def espeak_binary() -> str:
    found = shutil.which("espeak-ng")
    if not found:
        raise EngineUnavailable(
            "Chưa cài espeak-ng trên máy chủ (gói Debian `espeak-ng`).", code="espeak_missing", program="espeak-ng"
        )
    return found


class EspeakEngine:
    name = "espeak"

    def __init__(self, voice: str = "vi", words_per_minute: int = 150) -> None:
        self._voice_id = voice or "vi"
        self.words_per_minute = words_per_minute

    @property
    def voice(self) -> Voice:
        language = "vi" if self._voice_id.startswith("vi") else self._voice_id.split("-")[0]
        return Voice(
            id=self._voice_id,
            engine=self.name,
            language=language,
            sample_rate=RATE,
            license="GPL-3.0-or-later (espeak-ng)",
            name=VOICES.get(self._voice_id, self._voice_id),
        )

    def synthesize(self, text: str) -> Audio:
        command = [espeak_binary(), "-v", self._voice_id, "-s", str(self.words_per_minute), "-b", "1", "--stdout"]
        try:
            done = subprocess.run(command, input=text.encode(), capture_output=True, timeout=120, check=False)
        except subprocess.TimeoutExpired as exc:
            raise EngineUnavailable("espeak-ng không trả lời.", code="espeak_timeout") from exc
        if done.returncode != 0 or not done.stdout:
            raise EngineUnavailable(
                f"espeak-ng lỗi: {done.stderr.decode(errors='replace').strip()[:200]}", code="espeak_failed"
            )
        return _read_stdout_wav(done.stdout)


def _read_stdout_wav(data: bytes) -> Audio:
    """espeak-ng writes a WAV header with an unknown length to stdout: read the samples after it."""
    import numpy as np

    start = data.find(b"data")
    if start < 0:
        return Audio.from_wav(data)
    rate = int.from_bytes(data[24:28], "little") or RATE
    payload = data[start + 8 :]
    payload = payload[: len(payload) // 2 * 2]
    return Audio(np.frombuffer(payload, dtype=np.int16).copy(), rate)


def phonemes(text: str, voice: str) -> str:
    """IPA phonemes from espeak-ng, clause by clause, as Piper voices were trained on."""
    command = [espeak_binary(), "-q", "-v", voice, "-b", "1", "--ipa"]
    done = subprocess.run(command, input=text.encode(), capture_output=True, timeout=60, check=False)
    if done.returncode != 0:
        raise EngineUnavailable("espeak-ng không phiên âm được văn bản.", code="espeak_failed")
    return " ".join(line.strip() for line in done.stdout.decode().splitlines() if line.strip())
