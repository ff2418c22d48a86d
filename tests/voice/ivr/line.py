"""An in-memory call leg: the call flow's tests play the caller with it."""

from __future__ import annotations

import threading
from collections.abc import Callable

from voice.ivr.transport import HungUp, KeyPressed, Played, Sink


class FakeLeg:
    """A caller on a line that plays audio instantly (or, with `instant=False`, until the test
    calls `finish_playing()`)."""

    def __init__(self, caller: str = "0905123456", call_id: str = "fake-call", *, instant: bool = True) -> None:
        self.caller = caller
        self.call_id = call_id
        self.instant = instant
        self.sink: Sink | None = None
        self.heard: list[object] = []  # tags of what was played, in order (stopped ones too)
        self.audio: list[bytes] = []
        self.stopped = 0  # playbacks interrupted
        self.on_audio: Callable[[bytes], None] | None = None
        self.hung_up = False
        self._playing: object | None = None
        self._lock = threading.Lock()

    # -- CallLeg ---------------------------------------------------------------------------------

    def attach(self, sink: Sink) -> None:
        self.sink = sink

    def play(self, ulaw: bytes, tag: object) -> None:
        with self._lock:
            self.heard.append(tag)
            self.audio.append(ulaw)
            self._playing = tag
        if self.instant:
            self.finish_playing()

    def stop_playback(self) -> None:
        with self._lock:
            if self._playing is not None:
                self.stopped += 1
            self._playing = None

    def listen(self, on_audio: Callable[[bytes], None] | None) -> None:
        self.on_audio = on_audio

    def hangup(self) -> None:
        self.hung_up = True

    # -- the caller ------------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self._playing is not None

    def finish_playing(self) -> None:
        with self._lock:
            tag, self._playing = self._playing, None
        if tag is not None and self.sink:
            self.sink(Played(tag))

    def press(self, keys: str) -> None:
        for key in keys:
            assert self.sink
            self.sink(KeyPressed(key))

    def speak(self, pcm: bytes) -> None:
        """Send audio in 20 ms frames, as the media thread would."""
        for i in range(0, len(pcm) - 319, 320):
            if self.on_audio:
                self.on_audio(pcm[i : i + 320])

    def hang_up(self) -> None:
        assert self.sink
        self.sink(HungUp())
