"""The render job: every language of a bulletin to audio, on the job queue.

It reads what to say (one read transaction), synthesises outside any transaction, then records the
results in the job's unit of work, which the worker commits with the job's "done" mark.

- A text that was rendered before (same normalised text, voice and settings) is not synthesised
  again: the bulletin is pointed at the existing rendering. An edit re-renders only what changed.
- If the configured engine fails, the job raises so the worker retries it; from attempt
  `TTCS_TTS_FALLBACK_AFTER` on (at once for an emergency) it falls back to espeak-ng, and the
  failure stays on the bulletin's audio record (`fallback`, `error`).
- Languages without a voice (Ê Đê, M'nông …) take the latest uploaded recording; without one their
  record says so (`needs_recording`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hub.audio import lexicon as lexicons
from hub.audio import renderer
from hub.audio.events import AudioRendered
from hub.audio.model import TTS_LANGUAGES, AudioStatus, BulletinAudio, Rendering
from hub.audio.repository import AudioRepository
from hub.audio.service import save_rendering
from hub.audio.storage import Storage, storage_for
from hub.bulletins.model import Bulletin, Priority
from hub.db.uow import UnitOfWork
from hub.jobs.worker import JobContext
from hub.kit.time import utcnow
from voice.errors import VoiceError
from voice.normalize import Normalizer
from voice.settings import VoiceSettings

log = logging.getLogger(__name__)


@dataclass
class Task:
    lang: str
    text: str = ""
    warnings: list[str] = field(default_factory=list)
    key: str = ""  # the rendering this language should play
    recording: tuple[Path, str] | None = None  # (file, sha256)
    current_key: str = ""  # what it plays now
    cached: dict[str, int] = field(default_factory=dict)  # key → rendering id, for the keys we may need
    error: str = ""


@dataclass
class Outcome:
    lang: str
    status: AudioStatus
    rendering: Rendering | None = None
    rendering_id: int | None = None
    key: str = ""
    engine: str = ""
    fallback: bool = False
    error: str = ""


def spoken_text(title: str, body: str) -> str:
    title = title.strip()
    if title and title[-1] not in ".!?:;":
        title += "."
    return f"{title}\n{body.strip()}"


def plan(
    uow: UnitOfWork,
    bulletin: Bulletin,
    normalize: Normalizer,
    speech: renderer.SpeechSettings,
    storage: Storage,
    only: list[str] | None,
) -> list[Task]:
    repo = AudioRepository(uow.session)
    texts = {"vi": spoken_text(bulletin.title, bulletin.body)}
    texts.update({v.lang: spoken_text(v.title, v.body) for v in bulletin.variants})
    tasks = []
    for lang, text in texts.items():
        if only and lang not in only:
            continue
        task = Task(lang)
        row = repo.bulletin_audio(bulletin.id, lang)
        task.current_key = row.rendering_key if row and row.status == AudioStatus.READY else ""
        recording = repo.latest_recording(bulletin.id, lang)
        keys: list[str] = []
        if recording is not None:
            task.recording = (storage.local_path(recording.storage_key), recording.sha256)
            task.key = renderer.recording_key(recording.sha256, speech)
            keys = [task.key]
        elif lang in TTS_LANGUAGES:
            try:
                normalized = normalize(text)
            except VoiceError as exc:
                task.error = exc.detail
                tasks.append(task)
                continue
            task.text, task.warnings = normalized.text, list(normalized.warnings)
            task.key = renderer.tts_key(task.text, lang, speech.engine, speech)
            keys = [task.key, renderer.tts_key(task.text, lang, "espeak", speech)]
        for key in keys:
            found = repo.rendering(key)
            if found is not None and all(storage.exists(f.storage_key) for f in found.files):
                task.cached[key] = found.id
        tasks.append(task)
    return tasks


def execute(task: Task, speech: renderer.SpeechSettings, storage: Storage, *, may_retry: bool) -> Outcome:
    if task.error:
        return Outcome(task.lang, AudioStatus.FAILED, error=task.error)
    if not task.key:
        return Outcome(task.lang, AudioStatus.NEEDS_RECORDING)
    if task.key in task.cached:
        engine = "recording" if task.recording else speech.engine
        return Outcome(task.lang, AudioStatus.READY, rendering_id=task.cached[task.key], key=task.key, engine=engine)
    if task.recording is not None:
        path, sha = task.recording
        made = renderer.process_recording(path, sha, task.lang, speech, storage)
        return Outcome(task.lang, AudioStatus.READY, rendering=made, key=made.key, engine="recording")
    try:
        made = renderer.speak(task.text, task.lang, speech.engine, speech, storage, task.warnings)
        return Outcome(task.lang, AudioStatus.READY, rendering=made, key=made.key, engine=speech.engine)
    except Exception as exc:
        if speech.engine == "espeak" or may_retry:
            raise
        error = f"Giọng đọc {speech.engine} lỗi, đã dùng espeak-ng thay thế: {renderer.describe(exc)}"
        log.warning("render %s: %s", task.lang, error)
    fallback_key = renderer.tts_key(task.text, task.lang, "espeak", speech)
    if fallback_key in task.cached:
        spoken, spoken_id = None, task.cached[fallback_key]
    else:
        spoken, spoken_id = (
            renderer.speak(task.text, task.lang, "espeak", speech, storage, [*task.warnings, error]),
            None,
        )
    return Outcome(
        task.lang, AudioStatus.READY, spoken, spoken_id, key=fallback_key, engine="espeak", fallback=True, error=error
    )


def render_bulletin(ctx: JobContext, payload: dict[str, Any]) -> None:
    bulletin_id = int(payload["bulletin_id"])
    only = payload.get("langs")
    speech = renderer.SpeechSettings.of(ctx.settings)
    storage = storage_for(ctx.settings)
    with ctx.database.uow(write=False) as read:
        bulletin = read.bulletins.get(bulletin_id)
        if bulletin is None:
            return
        normalize = Normalizer(speech.region, lexicons.load(read), speech.max_chars)
        tasks = plan(read, bulletin, normalize, speech, storage, only)
        langs = [t.lang for t in tasks]
        revision, urgent = bulletin.revision, bulletin.priority == Priority.EMERGENCY
    may_retry = not urgent and ctx.job.attempts < ctx.settings.of(VoiceSettings).tts_fallback_after
    last_attempt = ctx.job.attempts >= ctx.job.max_attempts
    outcomes = []
    for task in tasks:
        if task.key and task.key == task.current_key:
            continue  # unchanged since the last render
        try:
            outcomes.append(execute(task, speech, storage, may_retry=may_retry))
        except Exception as exc:
            if not last_attempt:
                raise
            outcomes.append(Outcome(task.lang, AudioStatus.FAILED, error=renderer.describe(exc)))
    _record(ctx.uow, bulletin_id, revision, outcomes, keep=langs if not only else None)


def _record(uow: UnitOfWork, bulletin_id: int, revision: int, outcomes: list[Outcome], keep: list[str] | None) -> None:
    repo = AudioRepository(uow.session)
    now = utcnow()
    for outcome in outcomes:
        rendering_id = outcome.rendering_id
        if outcome.rendering is not None:
            rendering_id = save_rendering(repo, outcome.rendering).id
        row = repo.bulletin_audio(bulletin_id, outcome.lang)
        if row is None:
            row = BulletinAudio(
                bulletin_id=bulletin_id, lang=outcome.lang, revision=revision, status=outcome.status, updated_at=now
            )
            repo.add(row)
        row.revision, row.status, row.updated_at = revision, outcome.status, now
        row.rendering_id = rendering_id if outcome.status == AudioStatus.READY else row.rendering_id
        row.rendering_key = outcome.key if outcome.status == AudioStatus.READY else ""
        row.engine, row.fallback, row.error = outcome.engine, outcome.fallback, outcome.error
    changed = [outcome.lang for outcome in outcomes]
    if keep is not None:  # a variant removed from the bulletin loses its audio record
        for row in repo.bulletin_audios(bulletin_id):
            if row.lang not in keep:
                repo.remove(row)
                changed.append(row.lang)
    if changed:
        uow.emit(AudioRendered(bulletin_id=bulletin_id, revision=revision, langs=tuple(changed)))
