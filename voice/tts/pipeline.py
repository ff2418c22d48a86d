"""Long texts: split at sentence boundaries, synthesise the sentences in parallel on the available
cores, join them with natural pauses (longer between paragraphs).

Threads are enough for parallelism: espeak-ng runs as a subprocess, and onnxruntime and PyTorch
release the GIL while they compute (worker processes were measured no faster for VITS on 2 cores:
bench/tts.py, `sentence_parallel`).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from voice.tts.base import Audio, TTSEngine

SENTENCE_PAUSE = 0.45
CLAUSE_PAUSE = 0.25
PARAGRAPH_PAUSE = 0.8
MAX_SENTENCE = 280  # characters; longer sentences are cut at commas so no engine gets a page at once

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")


@dataclass(frozen=True)
class Piece:
    text: str
    pause: float


@dataclass
class Speech:
    audio: Audio
    pieces: int
    dropped: list[str] = field(default_factory=list)


def split(text: str) -> list[Piece]:
    """Sentences (and comma clauses of very long sentences), each with the pause that follows it."""
    pieces: list[Piece] = []
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    for p_index, paragraph in enumerate(paragraphs):
        sentences = [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]
        for s_index, sentence in enumerate(sentences):
            clauses = _cut(sentence)
            for c_index, clause in enumerate(clauses):
                if c_index < len(clauses) - 1:
                    pause = CLAUSE_PAUSE
                elif s_index < len(sentences) - 1:
                    pause = SENTENCE_PAUSE
                elif p_index < len(paragraphs) - 1:
                    pause = PARAGRAPH_PAUSE
                else:
                    pause = 0.0
                pieces.append(Piece(clause, pause))
    return [p for p in pieces if re.search(r"\w", p.text)]


def _cut(sentence: str) -> list[str]:
    if len(sentence) <= MAX_SENTENCE:
        return [sentence]
    parts: list[str] = []
    current = ""
    for chunk in re.split(r"(?<=,)\s+", sentence):
        if current and len(current) + len(chunk) + 1 > MAX_SENTENCE:
            parts.append(current)
            current = chunk
        else:
            current = f"{current} {chunk}".strip()
    if current:
        parts.append(current)
    out: list[str] = []
    for part in parts:  # a clause still too long (no commas): cut at spaces
        while len(part) > MAX_SENTENCE:
            at = part.rfind(" ", 0, MAX_SENTENCE)
            at = at if at > 0 else MAX_SENTENCE
            out.append(part[:at])
            part = part[at:].strip()
        out.append(part)
    return out


def workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def synthesize(
    engine: TTSEngine,
    text: str,
    *,
    parallel: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Speech:
    """Say a whole (normalised) text with `engine`; `progress(done, total)` hears each piece said."""
    pieces = split(text)
    if not pieces:
        return Speech(Audio.silence(0.2, engine.voice.sample_rate), 0)
    lock, done = threading.Lock(), [0]

    def say(piece: str) -> Audio:
        made = engine.synthesize(piece)
        if progress is not None:
            with lock:
                done[0] += 1
                progress(done[0], len(pieces))
        return made

    count = min(parallel or workers(), len(pieces))
    if count == 1:
        parts = [say(p.text) for p in pieces]
    else:
        with ThreadPoolExecutor(max_workers=count, thread_name_prefix="tts") as pool:
            parts = list(pool.map(say, [p.text for p in pieces]))
    dropped = list(getattr(engine, "last_dropped", []) or [])
    return Speech(Audio.join(parts, [p.pause for p in pieces]), len(pieces), dropped)
