"""A backend and a speaker for the call flow's unit tests: what the caller hears is the text itself."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.voice.ivr.line import FakeLeg
from voice.ivr import prompts
from voice.ivr.cache import PromptCache
from voice.ivr.flow import FlowConfig
from voice.ivr.model import Answer, Caller, CallSummary, Clip, Commune, Item, Offer, Recording
from voice.ivr.session import CallSession

EA_KAO = Commune("24169", "Phường Ea Kao")
CU_MGAR = Commune("24280", "Xã Cư M’gar")


class FakeBackend:
    def __init__(self) -> None:
        self.remembered: dict[str, Commune] = {}
        self.cases: list[tuple[str, Commune | None, Recording, bool]] = []
        self.summaries: list[CallSummary] = []
        self.fail_filing = False
        self.news_items = [Item("Tin thứ 1: Họp dân.", Clip("bulletin 1", b"<bulletin audio>"))]
        self.emergency_items: list[Item] = []
        self.known_cases = {"2026000123": "Phản ánh mã 123: Đã trả lời."}
        self.asked: list[str] = []

    def caller(self, number: str) -> Caller:
        return Caller(number, self.remembered.get(number))

    def communes(self) -> list[Commune]:
        return [EA_KAO, CU_MGAR]

    def remember(self, number: str, commune: Commune) -> None:
        self.remembered[number] = commune

    def emergencies(self, commune: Commune | None) -> list[Item]:
        return self.emergency_items

    def news(self, commune: Commune | None) -> list[Item]:
        return self.news_items

    def schedule(self, commune: Commune | None) -> list[Item]:
        return []

    def office(self, commune: Commune | None) -> str:
        return "UBND phường làm việc giờ hành chính."

    def file_feedback(self, number: str, commune: Commune | None, recording: Recording, *, incomplete: bool) -> str:
        if self.fail_filing:
            raise RuntimeError("database down")
        self.cases.append((number, commune, recording, incomplete))
        return f"PA-2026-{len(self.cases):06d}"

    def case_status(self, number: str, digits: str) -> str | None:
        return self.known_cases.get(digits)

    def ask(self, number: str, commune: Commune | None, said: str) -> Answer | None:
        """A dialogue of two turns: the menu, then the news of the commune."""
        self.asked.append(said)
        if said == "1":
            where = commune.name if commune else "toàn tỉnh"
            return Answer(f"Tin mới cho {where}: Họp dân.", (Offer("Menu", "/help"),))
        return Answer("Tôi có thể giúp:", (Offer("Tin mới", "1"), Offer("Gửi phản ánh", menu_key="3")))

    def finish(self, summary: CallSummary) -> None:
        self.summaries.append(summary)


def text_speaker(text: str) -> bytes:
    return f"«{text}»".encode()


def heard(leg: FakeLeg) -> list[str]:
    """Each stretch of audio the caller was played, as the texts it said."""
    out = []
    for blob in leg.audio:
        out.append(" ".join(part.decode(errors="replace") for part in blob.split(b"\xff") if b"\xc2\xab" in part))
    return out


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the call did not get there")
        time.sleep(0.005)


class Call:
    """A session running in its own thread, with a fake leg to play the caller."""

    def __init__(self, tmp: Path, backend: FakeBackend, *, instant: bool = True, **config: object) -> None:
        self.leg = FakeLeg(instant=instant)
        self.backend = backend
        values: dict[str, object] = {"input_seconds": 0.15, "record_silence_seconds": 0.5, "record_max_seconds": 5}
        values.update(config)
        cache = PromptCache(tmp / "prompts", text_speaker, "test")
        self.session = CallSession(self.leg, backend, cache, FlowConfig(**values), tmp / "store")
        self.summary: CallSummary | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        self.summary = self.session.run()

    def heard(self) -> list[str]:
        return heard(self.leg)

    def wait_heard(self, text: str, count: int = 1) -> None:
        wait_until(lambda: sum(text in h for h in self.heard()) >= count)

    def leave_feedback(self, speech: bytes) -> None:
        """From the menu: key 3, speak after the beep, # to end, and hear the recording played back."""
        self.leg.press("3")
        self.wait_state("recording")
        self.leg.speak(speech)
        self.leg.press("#")
        self.wait_heard(prompts.CONFIRM)

    def wait_state(self, state: str) -> None:
        """The flow's state changes before the session acts on it: "recording" also waits for the recorder to listen."""
        if state == "recording":
            wait_until(lambda: self.session.flow.state == state and self.leg.on_audio is not None)
        else:
            wait_until(lambda: self.session.flow.state == state)

    def finished(self) -> CallSummary:
        self.thread.join(10)
        assert self.summary is not None
        return self.summary
