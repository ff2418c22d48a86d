"""One call: the flow's actions carried out on a call leg, the line's events fed to the flow.

The session runs in the call's own thread. Events from the line (keys, finished prompts, the
hang-up), from the recorder (silence, the time limit) and from the recogniser (a word) arrive on
one queue; timers are deadlines checked while waiting on it. A key press interrupts the prompt
that is playing (barge-in) unless the caller is about to be recorded.
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from voice.ivr import prompts
from voice.ivr import recording as recordings
from voice.ivr.cache import PromptCache
from voice.ivr.flow import CallFlow, FlowConfig
from voice.ivr.model import (
    Action,
    Backend,
    CallSummary,
    DiscardRecording,
    HangUp,
    Listen,
    Play,
    Record,
    Recording,
    StopRecording,
)
from voice.ivr.transport import CallLeg, HungUp, KeyPressed, Played

log = logging.getLogger(__name__)

MAX_CALL_SECONDS = 3600


@dataclass(frozen=True)
class _Timeout:
    serial: int


@dataclass(frozen=True)
class _RecordingDone:
    reason: str


@dataclass(frozen=True)
class _Word:
    text: str


# A recogniser for one question: given the words it may hear, it is fed the caller's audio and
# calls back with each word it recognised. `transcribe(pcm)` turns a recording into text.
class Listener:
    def __init__(self, words: tuple[str, ...], on_word: Callable[[str], None]) -> None:
        self.words = words
        self.on_word = on_word

    def feed(self, pcm: bytes) -> None: ...

    def close(self) -> None: ...


ListenerFactory = Callable[[tuple[str, ...], Callable[[str], None]], Listener]
Transcriber = Callable[[bytes], str]


class CallSession:
    def __init__(
        self,
        leg: CallLeg,
        backend: Backend,
        cache: PromptCache,
        config: FlowConfig,
        store: Path,
        *,
        listener: ListenerFactory | None = None,
        transcriber: Transcriber | None = None,
        on_first_audio: Callable[[float], None] | None = None,
    ) -> None:
        self.leg = leg
        self.backend = backend
        self.cache = cache
        self.config = config
        self.store = store
        self.listener_factory = listener
        self.transcriber = transcriber
        self.on_first_audio = on_first_audio
        self.flow = CallFlow(backend, config, leg.caller)
        self.events: queue.Queue[object] = queue.Queue()
        self.started = time.time()
        self._answered = time.monotonic()
        self._play_serial = 0
        self._timer_serial = 0
        self._deadline: float | None = None
        self._recorder: recordings.Recorder | None = None
        self._last_recording: Recording | None = None
        self._listener: Listener | None = None
        self._done = False
        self._greeting = False

    def run(self) -> CallSummary:
        self.leg.attach(self.events.put)
        try:
            # The greeting first, at once; the flow's first question is queued behind it.
            self._greeting = True
            self.leg.play(self.cache.say(prompts.greeting(self.config.site)), 0)
            self._first_audio()
            self._do(self.flow.start())
            give_up = time.monotonic() + MAX_CALL_SECONDS
            while not self._done and time.monotonic() < give_up:
                self._step()
        except Exception:
            log.exception("call %s failed", self.leg.call_id)
            self.flow.result = "error" if self.flow.result == "hung_up" else self.flow.result
            self._hangup()
        finally:
            self._close_listener()
            if self._recorder is not None and not self.flow.ended:  # a crash mid-recording: keep it
                self.flow.hung_up(self._finish_recording())
        summary = CallSummary(
            call_id=self.leg.call_id,
            caller=self.leg.caller,
            commune_code=self.flow.commune.code if self.flow.commune else None,
            started_at=self.started,
            ended_at=time.time(),
            path=self.flow.path,
            result=self.flow.result,
            case_code=self.flow.case_code,
        )
        try:
            self.backend.finish(summary)
        except Exception:
            log.exception("call %s: the call record could not be stored", self.leg.call_id)
        return summary

    # -- events ------------------------------------------------------------------------------------

    def _step(self) -> None:
        wait = None if self._deadline is None else max(0.0, self._deadline - time.monotonic())
        try:
            event = self.events.get(timeout=wait if wait is not None else 30.0)
        except queue.Empty:
            if self._deadline is not None and time.monotonic() >= self._deadline:
                self._deadline = None
                self._do(self.flow.timeout())
            return
        if isinstance(event, HungUp):
            self._close_listener()
            self.flow.hung_up(self._finish_recording() if self._recorder else None)
            self._done = True
        elif isinstance(event, KeyPressed):
            self._deadline = None
            if self.flow.state not in ("record_intro", "recording"):
                self.leg.stop_playback()  # barge-in
                self._greeting = False
            actions = self.flow.digit(event.key)
            self._do(actions)
            if not actions and self.flow.state == "code":
                self._listen(self.config.input_seconds)  # between two digits of a code
        elif isinstance(event, Played):
            if event.tag == self._play_serial:
                self._do(self.flow.played())
        elif isinstance(event, _Timeout):
            pass
        elif isinstance(event, _RecordingDone):
            if self._recorder is not None:
                self._do(self.flow.recorded(self._finish_recording()))
        elif isinstance(event, _Word):
            self._deadline = None
            self.leg.stop_playback()
            self._do(self.flow.word(event.text))

    # -- actions -----------------------------------------------------------------------------------

    def _do(self, actions: list[Action]) -> None:
        for action in actions:
            if isinstance(action, Play):
                self._play(action)
            elif isinstance(action, Listen):
                self._listen(action.seconds, action.words)
            elif isinstance(action, Record):
                self._record(action)
            elif isinstance(action, StopRecording):
                self._do(self.flow.recorded(self._finish_recording()))
            elif isinstance(action, DiscardRecording):
                self._discard()
            elif isinstance(action, HangUp):
                self._hangup()

    def _play(self, action: Play) -> None:
        self._deadline = None
        self._close_listener()
        if not self._greeting:
            self.leg.stop_playback()
        self._greeting = False
        audio = self.cache.audio(action.pieces, playback=self._playback)
        self._play_serial += 1
        self.leg.play(audio, self._play_serial)

    def _first_audio(self) -> None:
        if self.on_first_audio is not None:
            self.on_first_audio(time.monotonic() - self._answered)
            self.on_first_audio = None

    def _listen(self, seconds: float, words: tuple[str, ...] = ()) -> None:
        self._deadline = time.monotonic() + seconds
        if self.listener_factory is not None and words:
            self._close_listener()
            self._listener = self.listener_factory(words, lambda word: self.events.put(_Word(word)))
            self.leg.listen(self._listener.feed)

    def _close_listener(self) -> None:
        if self._listener is not None:
            self.leg.listen(None)
            self._listener.close()
            self._listener = None

    def _record(self, action: Record) -> None:
        note = {"caller": self.leg.caller, "call_id": self.leg.call_id, "started_at": self.started}
        if self.flow.commune:
            note["commune"] = self.flow.commune.code
        self._recorder = recordings.Recorder(
            self.store,
            note,
            max_seconds=action.max_seconds,
            silence_seconds=action.silence_seconds,
            on_done=lambda reason: self.events.put(_RecordingDone(reason)),
        )
        self.leg.listen(self._recorder.write)

    def _finish_recording(self) -> Recording:
        assert self._recorder is not None
        self.leg.listen(None)
        made = self._recorder.finish()
        if self.transcriber is not None and made.speech:
            try:
                made.transcript = self.transcriber(recordings.read_pcm(self.store / made.ref))
            except Exception:
                log.exception("call %s: the recording could not be transcribed", self.leg.call_id)
        self._last_recording = made
        self._recorder = None
        return made

    def _discard(self) -> None:
        if self._last_recording is not None:
            (self.store / self._last_recording.ref).unlink(missing_ok=True)
            recordings.filed(self.store, self._last_recording.ref)
            self._last_recording = None

    def _playback(self) -> bytes:
        from voice.asr.g711 import pcm_to_ulaw

        if self._last_recording is None:
            return b""
        return pcm_to_ulaw(recordings.read_pcm(self.store / self._last_recording.ref))

    def _hangup(self) -> None:
        self._done = True
        try:
            self.leg.hangup()
        except Exception:
            log.debug("call %s: hang-up failed (already gone)", self.leg.call_id)
