"""The reference loudspeaker player: `ttcs speaker --hub URL --token T [--out DIR | --play]`.

Three threads share a `devices.agent.Store`:

- *sync* keeps the manifest current (long-poll, or a poll woken by MQTT notices) and fetches the
  audio it names, checking each file's SHA-256 and fetching it again on a mismatch;
- *report* sends heartbeats, the play logs the hub has not acknowledged, and runs commands;
- the *player* (the main loop) plays by the device's clock corrected by the hub's: an item starts
  when its time comes and not after its `latest_start` (so a device back from a day offline does
  not replay the past); an emergency interrupts whatever plays, and the interrupted item plays
  again afterwards or is skipped, as the commune's rules say.

The hub may vanish at any moment: the player keeps playing its cached schedule, stores every
play log durably and sends them when the link returns.

With `--out DIR` nothing is heard: each play is written to `DIR/played.jsonl` (tests, simulation);
with `--play` audio goes to the sound card through ffplay.
"""

from __future__ import annotations

import json
import logging
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from devices.agent import Link, Offline, Refused, Store, dumps
from devices.protocol import (
    CommandAck,
    CommandKind,
    Heartbeat,
    InterruptPolicy,
    Item,
    Manifest,
    Notice,
    PlayLogEntry,
    PlayResult,
    Stream,
    Variant,
)

if TYPE_CHECKING:
    import paho.mqtt.client as mqtt

log = logging.getLogger("ttcs.speaker")
APP_VERSION = "ttcs-speaker/1"
TICK = 0.2
STREAM_RETRY_SECONDS = 3.0  # a stream that broke off is tried again after this, while its window lasts


@dataclass
class Playing:
    """An item on air: its languages play one after the other (`index`: the one playing now, since
    `started`); each language gets its own play log. A relay or live stream has no languages."""

    item: Item
    started: datetime
    playlist: list[Variant] = field(default_factory=list)
    index: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    why: PlayResult = PlayResult.PLAYED
    process: subprocess.Popen[bytes] | None = None
    stream: Stream | None = None
    detail: str = ""

    @property
    def variant(self) -> Variant:
        return self.playlist[self.index]

    @property
    def lang(self) -> str:
        return "" if self.stream is not None else self.variant.lang


def stream_item(stream: Stream) -> Item:
    """A stream as the player's loop handles items: it lasts until its window closes."""
    return Item(
        id=stream.id,
        bulletin_id=0,
        revision=0,
        priority=stream.priority,
        title=stream.title,
        start=stream.start,
        latest_start=stream.end,
        duration_ms=int((stream.end - stream.start).total_seconds() * 1000),
        interrupt=stream.interrupt,
    )


class Speaker:
    def __init__(
        self,
        hub: str,
        token: str,
        state: Path,
        *,
        out: Path | None = None,
        play: bool = False,
        mqtt_url: str | None = None,
        wait: int = 30,
        poll: float = 30.0,
        clock_skew: float = 0.0,
    ) -> None:
        self.store = Store(state)
        self.link = Link(hub, token, clock_skew=clock_skew)
        self.out, self.play_audio = out, play
        self.mqtt_url, self.wait, self.poll = mqtt_url, wait, poll
        self.manifest: Manifest | None = self.store.manifest()
        self.etag = self.store.get("etag")
        self.link.offset = float(self.store.get("offset", "0") or 0)
        self.volume = int(self.store.get("volume", "-1") or -1)
        self.verified: set[str] = set()
        self.started: datetime | None = None  # when we knew the hub's time: missed plays count from then
        self.current: Playing | None = None
        self.resume: Item | None = None
        self.replays: list[Item] = []
        self.streams_done: set[str] = set()  # streams that ended (window over, or stopped by a command)
        self.stream_retry: dict[str, float] = {}  # stream id → monotonic time before which it is not retried
        self.stream_takes = 0
        self.online = False
        self.stopping = threading.Event()
        self.wake = threading.Event()
        self.notice_version = 0
        self._mqtt: mqtt.Client | None = None
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)

    # -- the link ------------------------------------------------------------------------------

    def sync_once(self, wait: int = 0) -> bool:
        """Fetch the manifest (and audio); True if it changed."""
        found = self.link.manifest(self.etag if self.manifest else None, wait, self.notice_version)
        self.online = True
        self.store.put("offset", str(self.link.offset))
        if self.started is None:
            self.started = self.link.now()
        if found is not None:
            self.manifest, self.etag = found
            self.store.save_manifest(*found)
            self._listen(self.manifest)
            self._stop_withdrawn(self.manifest)
        self.fetch_audio()
        return found is not None

    def _stop_withdrawn(self, manifest: Manifest) -> None:
        """A bulletin that left the manifest (no item and not on the board) was withdrawn or cancelled:
        stop it if it plays, and do not resume it after an emergency."""
        live = {i.bulletin_id for i in manifest.items} | {b.bulletin_id for b in manifest.board}
        playing = self.current
        if playing is not None and playing.stream is not None:
            if playing.stream.id not in {s.id for s in manifest.streams}:
                log.info("stream %s left the manifest: back to the schedule", playing.stream.id)
                self._interrupt(PlayResult.STOPPED)
        elif playing is not None and playing.item.bulletin_id not in live:
            log.info("bulletin %s was withdrawn: stopping it", playing.item.bulletin_id)
            self._interrupt(PlayResult.STOPPED)
        if self.resume is not None and self.resume.bulletin_id not in live:
            self.resume = None

    def fetch_audio(self) -> None:
        manifest = self.manifest
        if manifest is None:
            return
        now = self.link.now()
        live = [i for i in manifest.items if i.audio and i.latest_start > now]
        wanted = {v.audio.sha256: v.audio for i in live for v in i.playlist()}
        urgent_keys = {v.audio.sha256 for i in live if i.interrupt for v in i.playlist()}
        urgent = sorted(wanted.values(), key=lambda a: a.sha256 not in urgent_keys)
        for audio in urgent:
            if not self.store.has_audio(audio, self.verified):
                if not self.link.download(audio, self.store.audio_path(audio)):
                    log.warning("audio %s did not match its SHA-256; will fetch again", audio.sha256[:12])
                else:
                    self.verified.add(audio.sha256)

    def _sync_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                if self.mqtt_url or (self.manifest and self.manifest.notify and self._mqtt):
                    self.sync_once()
                    self.wake.wait(self.poll)
                    self.wake.clear()
                else:
                    self.sync_once(self.wait)
            except Offline as exc:
                self.online = False
                log.info("hub unreachable (%s): playing from the cache", exc)
                self.stopping.wait(2.0)
            except Refused as exc:
                log.error("hub refused this device: %s", exc)
                self.stopping.wait(10.0)
            except Exception:
                log.exception("sync failed")
                self.stopping.wait(2.0)

    def _listen(self, manifest: Manifest) -> None:
        """Subscribe to "collect now" notices when the hub names a broker."""
        if self._mqtt is not None or not (self.mqtt_url or manifest.notify):
            return

        from devices.notices import connect

        url = self.mqtt_url or (manifest.notify.mqtt_url if manifest.notify else "")
        topics = manifest.notify.topics if manifest.notify else []
        if not url or not topics:
            return

        def on_notice(_client: mqtt.Client, _userdata: object, message: mqtt.MQTTMessage) -> None:
            notice = Notice.model_validate_json(message.payload)
            log.info("notice on %s (emergency: %s)", message.topic, notice.emergency)
            self.notice_version = max(self.notice_version, notice.version)
            self.wake.set()

        self._mqtt = connect(url, topics, on_notice, client_id=f"ttcs-speaker-{manifest.device_id}")

    def _report_loop(self) -> None:
        last_beat = 0.0
        while not self.stopping.is_set():
            manifest = self.manifest
            try:
                if manifest is not None:
                    if time.monotonic() - last_beat >= manifest.heartbeat_seconds:
                        self.link.heartbeat(self._beat(manifest))
                        last_beat = time.monotonic()
                    self.flush_logs(manifest.device_id)
                    if manifest.pending_commands:
                        self.run_commands(manifest.device_id)
            except (Offline, Refused) as exc:
                log.debug("report: %s", exc)
            except Exception:
                log.exception("report failed")
            self.stopping.wait(1.0)

    def flush_logs(self, device_id: str) -> int:
        sent = 0
        while entries := self.store.pending():
            self.link.send_logs(device_id, entries)
            self.store.sent(entries)
            sent += len(entries)
        return sent

    def _beat(self, manifest: Manifest) -> Heartbeat:
        playing = self.current
        return Heartbeat(
            device_id=manifest.device_id,
            sent_at=self.link.now(),
            operating_state="playing" if playing else "idle",
            connection="ethernet",
            volume=self.volume if self.volume >= 0 else manifest.volume,
            app_version=APP_VERSION,
            current_item=playing.item.id if playing else None,
            manifest_etag=self.etag,
            pending_logs=self.store.count_pending(),
        )

    # -- commands ------------------------------------------------------------------------------

    def run_commands(self, device_id: str) -> None:
        acks = []
        for command in self.link.commands():
            detail = ""
            if command.kind == CommandKind.VOLUME:
                self.volume = int(command.args.get("volume", 70))
                self.store.put("volume", str(self.volume))
                detail = f"volume {self.volume}"
            elif command.kind == CommandKind.STOP:
                self._interrupt(PlayResult.STOPPED)
            elif command.kind == CommandKind.REPLAY:
                again = self._last_item(str(command.args.get("item_id", "")))
                if again is not None:
                    self.replays.append(again.model_copy(update={"id": f"{again.id}#replay{command.id}"}))
                detail = again.id if again else "nothing to replay"
            elif command.kind == CommandKind.RESTART:
                self._interrupt(PlayResult.STOPPED)
                self.manifest, self.verified = self.store.manifest(), set()
            self._write({"event": "command", "kind": command.kind.value, "id": command.id, "detail": detail})
            acks.append(CommandAck(id=command.id, result="done", detail=detail))
        if acks:
            self.link.ack(device_id, acks)
            self.wake.set()

    def _last_item(self, item_id: str) -> Item | None:
        items = self.manifest.items if self.manifest else []
        if item_id:
            return next((i for i in items if i.id == item_id), None)
        past = [i for i in items if self.store.was_played(i.id)]
        return past[-1] if past else None

    # -- playing -------------------------------------------------------------------------------

    def _write(self, record: dict[str, object]) -> None:
        if self.out is None:
            return
        record = {"at": self.link.now().isoformat(), **record}
        with (self.out / "played.jsonl").open("a", encoding="utf-8") as f:
            f.write(dumps(record) + "\n")
            f.flush()

    def due(self, now: datetime, *, urgent_only: bool = False) -> Item | None:
        """The next item to start now: emergencies first, then the earliest."""
        if self.replays and not urgent_only:
            return self.replays.pop(0)
        if self.manifest is None:
            return None
        ready = []
        for item in self.manifest.items:
            if (urgent_only and not item.interrupt) or item.start > now or self.store.was_played(item.id):
                continue
            if item.latest_start <= now:
                if self.started and item.latest_start > self.started:  # it should have played while we ran
                    self.store.log(
                        PlayLogEntry(
                            item_id=item.id,
                            bulletin_id=item.bulletin_id,
                            start=item.start,
                            end=item.start,
                            result=PlayResult.MISSED,
                            detail="no audio in time" if not item.audio else "late",
                        )
                    )
                continue
            playlist = item.playlist()
            if not playlist or not all(self.store.has_audio(v.audio, self.verified) for v in playlist):
                continue
            ready.append(item)
        ready.sort(key=lambda i: (not i.interrupt, i.start))
        return ready[0] if ready else None

    def due_stream(self, now: datetime, *, urgent_only: bool = False) -> Stream | None:
        """The stream whose window is open now (an interrupting one first), if it is not over."""
        if self.manifest is None:
            return None
        ready = [
            s
            for s in self.manifest.streams
            if s.start <= now < s.end
            and (s.interrupt or not urgent_only)
            and s.id not in self.streams_done
            and self.stream_retry.get(s.id, 0.0) <= time.monotonic()
        ]
        ready.sort(key=lambda s: (not s.interrupt, s.start))
        return ready[0] if ready else None

    def _interrupt(self, why: PlayResult) -> None:
        playing = self.current
        if playing is not None:
            playing.why = why
            playing.stop.set()
            if playing.process and playing.process.poll() is None:
                playing.process.terminate()

    def _start_stream(self, stream: Stream) -> None:
        now = self.link.now()
        playing = Playing(stream_item(stream), now, stream=stream)
        self.current = playing
        volume = self.volume if self.volume >= 0 else (self.manifest.volume if self.manifest else 70)
        self._write({"event": "start", "item": stream.id, "stream": stream.kind, "title": stream.title,
                     "url": stream.url, "priority": stream.priority.value, "volume": volume})  # fmt: skip
        seconds = max(1.0, (stream.end - now).total_seconds())
        quiet = ["-hide_banner", "-nostdin", "-loglevel", "error"]
        if self.out is not None:
            self.stream_takes += 1
            folder = self.out / "streams"
            folder.mkdir(exist_ok=True)
            safe = "".join(c if c.isalnum() else "-" for c in stream.id)
            target = folder / f"{safe}-{self.stream_takes}.wav"
            command = ["ffmpeg", *quiet, "-y", "-i", stream.url, "-t", f"{seconds:.1f}", "-ac", "1", "-ar", "16000",
                       str(target)]  # fmt: skip
            self._write({"event": "recording", "item": stream.id, "file": str(target)})
            playing.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL)  # fmt: skip
        elif self.play_audio:
            command = ["ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet", "-volume", str(volume),
                       "-t", f"{seconds:.1f}", stream.url]  # fmt: skip
            playing.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def _start(self, item: Item) -> None:
        playlist = item.playlist()
        assert playlist
        playing = Playing(item, self.link.now(), playlist)
        self.current = playing
        self._sound(playing)

    def _sound(self, playing: Playing) -> None:
        """Start the language `playing.index` of the item."""
        item, variant = playing.item, playing.variant
        path = self.store.audio_path(variant.audio)
        volume = self.volume if self.volume >= 0 else (self.manifest.volume if self.manifest else 70)
        self._write(
            {
                "event": "start",
                "item": item.id,
                "bulletin_id": item.bulletin_id,
                "title": item.title,
                "priority": item.priority.value,
                "planned": item.start.isoformat(),
                "volume": volume,
                "lang": variant.lang,
                "sha256": variant.audio.sha256,
            }
        )
        if self.out is not None:
            copy = self.out / "files" / path.name
            if not copy.exists():
                copy.parent.mkdir(exist_ok=True)
                shutil.copyfile(path, copy)
        if self.play_audio:
            command = ["ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet", "-volume", str(volume), str(path)]
            playing.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def _finished(self, playing: Playing) -> bool:
        if playing.stop.is_set():
            return True
        if playing.stream is not None:
            over = self.link.now() >= playing.stream.end
            if playing.process is not None and playing.process.poll() is not None and not over:
                playing.why, playing.detail = PlayResult.FAILED, "the stream broke off"
                return True
            if over and playing.process is not None and playing.process.poll() is None:
                playing.process.terminate()
            return over
        if playing.process is not None:
            return playing.process.poll() is not None
        elapsed = (self.link.now() - playing.started).total_seconds() * 1000
        return elapsed >= playing.variant.audio.duration_ms

    def _log(self, playing: Playing, result: PlayResult) -> None:
        end = self.link.now()
        stream = playing.stream
        if stream is not None and playing.process is not None and playing.process.poll() is None:
            playing.process.terminate()
        if stream is not None and playing.process is not None:
            try:
                playing.process.wait(10)
            except subprocess.TimeoutExpired:
                playing.process.kill()
        self.store.log(
            PlayLogEntry(
                item_id=playing.item.id,
                bulletin_id=None if stream else playing.item.bulletin_id,
                start=playing.started,
                end=end,
                result=result,
                lang=playing.lang,
                detail=f"{stream.kind} {playing.detail}".strip() if stream else playing.detail,
            )
        )
        self._write({"event": "end", "item": playing.item.id, "result": result.value, "lang": playing.lang})

    def _next_language(self, playing: Playing) -> bool:
        """After a language played to its end, start the next one; False when none is left."""
        if playing.stream is not None or playing.why != PlayResult.PLAYED or playing.index + 1 >= len(playing.playlist):
            return False
        self._log(playing, PlayResult.PLAYED)
        playing.index += 1
        playing.started, playing.process = self.link.now(), None
        self._sound(playing)
        return True

    def _end(self, playing: Playing) -> None:
        self._log(playing, playing.why)
        self.current = None
        stream = playing.stream
        if stream is not None:
            if playing.why in (PlayResult.PLAYED, PlayResult.STOPPED):
                self.streams_done.add(stream.id)
            else:  # broke off or interrupted by an emergency: again while the window lasts
                self.stream_retry[stream.id] = time.monotonic() + (
                    STREAM_RETRY_SECONDS if playing.why == PlayResult.FAILED else 0.0
                )
            return
        resume = self.manifest is not None and self.manifest.interrupt_policy == InterruptPolicy.RESUME
        if playing.why == PlayResult.INTERRUPTED and resume:
            self.resume = playing.item.model_copy(update={"id": f"{playing.item.id}#resumed"})

    def tick(self) -> None:
        now = self.link.now()
        playing = self.current
        if playing is not None:
            urgent = None if playing.item.interrupt else self.due(now, urgent_only=True)
            urgent_stream = None if playing.item.interrupt else self.due_stream(now, urgent_only=True)
            if urgent is not None or urgent_stream is not None:
                self._interrupt(PlayResult.INTERRUPTED)
                self._end(playing)
                if urgent is not None:
                    self._start(urgent)
                elif urgent_stream is not None:
                    self._start_stream(urgent_stream)
                return
            if self._finished(playing) and not self._next_language(playing):
                self._end(playing)
            return
        stream = self.due_stream(now)
        if stream is not None:  # a relay or live broadcast takes its window; only an emergency comes first
            urgent = None if stream.interrupt else self.due(now, urgent_only=True)
            if urgent is not None:
                self._start(urgent)
            else:
                self._start_stream(stream)
            return
        item = self.due(now)
        if item is None and self.resume is not None:
            item, self.resume = self.resume, None
        if item is not None:
            self._start(item)

    def run(self) -> None:
        threads = [
            threading.Thread(target=self._sync_loop, name="sync", daemon=True),
            threading.Thread(target=self._report_loop, name="report", daemon=True),
        ]
        for thread in threads:
            thread.start()
        self._write({"event": "ready"})
        try:
            while not self.stopping.is_set():
                self.tick()
                self.stopping.wait(TICK)
        finally:
            self._interrupt(PlayResult.STOPPED)
            if self.current is not None:
                self._end(self.current)
            if self._mqtt is not None:
                self._mqtt.disconnect()
                self._mqtt.loop_stop()

    def stop(self, *_args: object) -> None:
        self.stopping.set()


def main(
    hub: str,
    token: str,
    out: Path | None,
    play: bool,
    state: Path | None,
    mqtt_url: str | None,
    wait: int,
    poll: float,
    clock_skew: float,
) -> None:
    state = state or (out / "state" if out else Path.home() / ".local/share/ttcs-speaker")
    speaker = Speaker(
        hub, token, state, out=out, play=play, mqtt_url=mqtt_url, wait=wait, poll=poll, clock_skew=clock_skew
    )
    signal.signal(signal.SIGTERM, speaker.stop)
    signal.signal(signal.SIGINT, speaker.stop)
    speaker.run()


def read_played(out: Path) -> list[dict[str, object]]:
    """The records a `--out` player wrote (tests)."""
    path = out / "played.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
