"""Callers' recordings, written as they speak.

A recording is a 16-bit 8 kHz WAV file (browsers and officials' players read it) under the
feedback store, with a small JSON note beside it saying whose call it was. The file's header is
brought up to date every second, so a crash of the agent loses at most the last second; the note
stays until the recording became a case, so `recover` files what a crash left behind.
"""

from __future__ import annotations

import json
import struct
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np

from voice.ivr.model import Recording

RATE = 8000
FLUSH_FRAMES = 50  # one second of 20 ms frames
SPEECH_RMS = 400.0  # louder than line noise (of 32768)
SPEECH_FRAMES = 10  # 200 ms of it is speech


def _header(data_bytes: int) -> bytes:
    return (
        b"RIFF"
        + struct.pack("<I", 36 + data_bytes)
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, RATE, RATE * 2, 2, 16)
        + b"data"
        + struct.pack("<I", data_bytes)
    )


class Recorder:
    """Receives 20 ms PCM frames (from the media thread) and writes them to disk.

    `on_done(reason)` is called once: "silence" (speech then `silence_seconds` of quiet, or nothing
    at all for that long), "limit" (`max_seconds` reached)."""

    def __init__(
        self,
        root: Path,
        note: dict[str, object],
        *,
        max_seconds: int,
        silence_seconds: float,
        on_done: Callable[[str], None],
    ) -> None:
        day = time.strftime("%Y/%m/%d")
        self.ref = f"recordings/{day}/{uuid.uuid4().hex}.wav"
        self.path = root / self.ref
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.note_path = self.path.with_suffix(".json")
        self.note_path.write_text(json.dumps({**note, "ref": self.ref}, ensure_ascii=False))
        self._file = open(self.path, "wb")  # noqa: SIM115 - kept open while the caller speaks
        self._file.write(_header(0))
        self._lock = threading.Lock()
        self._bytes = 0
        self._frames = 0
        self._loud = 0
        self._quiet_run = 0
        self._max_frames = max_seconds * 50
        self._silence_frames = int(silence_seconds * 50)
        self._on_done = on_done
        self._done = False
        self.closed = False

    def write(self, pcm: bytes) -> None:
        with self._lock:
            if self.closed:
                return
            self._file.write(pcm)
            self._bytes += len(pcm)
            self._frames += 1
            samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32)
            rms = float(np.sqrt(np.mean(samples * samples))) if len(samples) else 0.0
            if rms >= SPEECH_RMS:
                self._loud += 1
                self._quiet_run = 0
            else:
                self._quiet_run += 1
            if self._frames % FLUSH_FRAMES == 0:
                self._flush()
            reason = None
            if self._frames >= self._max_frames:
                reason = "limit"
            elif self._silence_frames and self._quiet_run >= self._silence_frames:
                reason = "silence"
        if reason and not self._done:
            self._done = True
            self._on_done(reason)

    def _flush(self) -> None:
        self._file.seek(0)
        self._file.write(_header(self._bytes))
        self._file.seek(0, 2)
        self._file.flush()

    def finish(self) -> Recording:
        with self._lock:
            if not self.closed:
                self._flush()
                self._file.close()
                self.closed = True
        return Recording(self.ref, self._bytes / (RATE * 2), speech=self._loud >= SPEECH_FRAMES)

    def discard(self) -> None:
        self.finish()
        self.path.unlink(missing_ok=True)
        self.note_path.unlink(missing_ok=True)


def filed(root: Path, ref: str) -> None:
    """The recording is a case now: its note is no longer needed."""
    (root / ref).with_suffix(".json").unlink(missing_ok=True)


def orphans(root: Path) -> list[tuple[dict[str, object], Recording]]:
    """Recordings whose call ended without a case (the agent stopped mid-call)."""
    found = []
    for note_path in sorted((root / "recordings").glob("*/*/*/*.json")):
        try:
            note = json.loads(note_path.read_text())
        except (OSError, ValueError):
            continue
        wav = note_path.with_suffix(".wav")
        if not wav.exists():
            note_path.unlink(missing_ok=True)
            continue
        size = max(0, wav.stat().st_size - 44)
        found.append((note, Recording(str(note["ref"]), size / (RATE * 2), speech=size > 0)))
    return found


def read_pcm(path: Path) -> bytes:
    """The samples of a recording, also of one whose header a crash left behind."""
    data = path.read_bytes()
    return data[44:] if data[:4] == b"RIFF" else data
