"""The hotline's call flow with a fake line and a fake hub: what a caller hears and what is kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.voice.ivr.fakes import CU_MGAR, EA_KAO, Call, FakeBackend, wait_until
from voice.ivr import prompts
from voice.ivr.model import Item

SPEECH = (np.sin(np.arange(8000 * 2) / 8000 * 2 * np.pi * 300) * 8000).astype(np.int16).tobytes()
QUIET = bytes(8000 * 2)


def test_a_new_caller_is_greeted_asked_the_commune_once_and_hears_the_news(tmp_path: Path) -> None:
    backend = FakeBackend()
    call = Call(tmp_path, backend)
    call.wait_heard("Xin cho biết ông bà ở xã, phường nào")
    assert "Xin chào" in call.heard()[0]
    assert "Phường Ea Kao, bấm phím một" in call.heard()[1]
    call.leg.press("1")
    call.wait_heard(prompts.MENU)
    assert "đã ghi nhận ông bà ở Phường Ea Kao" in call.heard()[-1]
    call.leg.press("1")
    call.wait_heard("Có 1 tin mới cho Phường Ea Kao")
    assert "<bulletin audio>" in call.leg.audio[-1].decode(errors="replace")
    call.leg.hang_up()
    summary = call.finished()
    assert backend.remembered[call.leg.caller] == EA_KAO
    assert summary.result == "news"
    assert summary.path[:4] == ["greeting", "area:24169", "menu", "news"]

    again = Call(tmp_path, backend)  # the same number calls again: straight to the menu
    again.wait_heard(prompts.MENU)
    assert not any("Xin cho biết ông bà ở xã" in h for h in again.heard())
    again.leg.hang_up()
    again.finished()


def test_an_emergency_of_the_commune_is_read_before_the_menu(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.remembered["0905123456"] = CU_MGAR
    backend.emergency_items = [Item("Bão số 3 đổ bộ.")]
    call = Call(tmp_path, backend)
    call.wait_heard(prompts.MENU)
    first_question = call.heard()[1]
    assert first_question.index("Tin khẩn cấp") < first_question.index("Bão số 3") < first_question.index("bấm phím")
    call.leg.hang_up()
    assert call.finished().path[:2] == ["greeting", "emergency"]


def test_a_wrong_key_is_told_and_the_question_repeated_twice_then_the_menu(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.remembered["0905123456"] = EA_KAO
    call = Call(tmp_path, backend)
    call.wait_heard(prompts.MENU)
    call.leg.press("4")  # status by code
    call.wait_heard(prompts.STATUS_ASK)
    call.leg.press("7#")
    call.wait_heard(prompts.STATUS_NOT_FOUND)
    call.leg.press("7#")
    call.wait_heard(prompts.STATUS_NOT_FOUND, 2)
    call.leg.press("7#")
    call.wait_heard(prompts.MENU, 2)
    assert prompts.STATUS_NOT_FOUND in call.heard()[-1]
    call.leg.press("8")  # not on the menu
    call.wait_heard(prompts.INVALID)
    assert prompts.MENU in call.heard()[-1]
    call.leg.hang_up()
    call.finished()


def test_silence_repeats_the_question_then_ends_the_call_politely(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.remembered["0905123456"] = EA_KAO
    call = Call(tmp_path, backend)
    summary = call.finished()
    said = call.heard()
    assert sum(prompts.NOT_HEARD in h for h in said) == 2
    assert prompts.GOODBYE in said[-1]
    assert call.leg.hung_up
    assert summary.path[-1] == "goodbye"


def test_silence_at_a_question_inside_the_menu_goes_back_to_the_menu(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.remembered["0905123456"] = EA_KAO
    call = Call(tmp_path, backend)
    call.wait_heard(prompts.MENU)
    call.leg.press("0")  # office and hours, then “1 again, * menu”
    call.wait_heard("UBND phường làm việc")
    call.wait_heard(prompts.MENU, 2)
    assert sum(prompts.NOT_HEARD in h for h in call.heard()) == 3  # two repeats, then back to the menu
    call.leg.hang_up()
    call.finished()


def test_a_key_interrupts_the_prompt_that_is_playing(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.remembered["0905123456"] = EA_KAO
    call = Call(tmp_path, backend, instant=False)
    wait_until(lambda: call.leg.playing)  # the greeting plays, the menu is queued behind it
    call.leg.press("0")  # the caller knows the menu
    call.wait_heard("UBND phường làm việc")
    assert call.leg.stopped >= 1
    assert call.session.flow.state == "review"
    call.leg.hang_up()
    call.finished()


def test_feedback_is_recorded_played_back_confirmed_and_its_code_read_digit_by_digit(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.remembered["0905123456"] = EA_KAO
    call = Call(tmp_path, backend)
    call.wait_heard(prompts.MENU)
    call.leave_feedback(SPEECH)
    call.leg.press("1")
    call.wait_heard("Mã phản ánh là: pê a, hai không hai sáu, không không không không không một")
    number, commune, recording, incomplete = backend.cases[0]
    assert (number, commune, incomplete) == ("0905123456", EA_KAO, False)
    assert recording.speech and 1.5 < recording.seconds < 2.5
    assert (tmp_path / "store" / recording.ref).stat().st_size > 8000 * 2
    call.leg.hang_up()
    summary = call.finished()
    assert summary.result == "feedback" and summary.case_code == "PA-2026-000001"


def test_recording_again_replaces_the_first_recording(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.remembered["0905123456"] = EA_KAO
    call = Call(tmp_path, backend)
    call.wait_heard(prompts.MENU)
    call.leave_feedback(SPEECH)
    call.leg.press("2")
    call.wait_state("recording")
    call.leg.speak(SPEECH[: len(SPEECH) // 2])
    call.leg.press("#")
    call.wait_heard(prompts.CONFIRM, 2)
    call.leg.press("1")
    wait_until(lambda: len(backend.cases) == 1)
    assert backend.cases[0][2].seconds < 1.5
    assert len(list((tmp_path / "store").rglob("*.wav"))) == 1
    call.leg.hang_up()
    call.finished()


def test_hanging_up_while_recording_still_files_the_feedback_marked_incomplete(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.remembered["0905123456"] = EA_KAO
    call = Call(tmp_path, backend, record_silence_seconds=30)
    call.wait_heard(prompts.MENU)
    call.leg.press("3")
    call.wait_state("recording")
    call.leg.speak(SPEECH)
    call.leg.hang_up()
    summary = call.finished()
    assert len(backend.cases) == 1
    assert backend.cases[0][3] is True
    assert summary.result == "feedback_incomplete"


def test_a_silent_recording_is_asked_again_and_nothing_is_filed(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.remembered["0905123456"] = EA_KAO
    call = Call(tmp_path, backend)
    call.wait_heard(prompts.MENU)
    call.leg.press("3")
    call.wait_state("recording")
    call.leg.speak(QUIET)  # half a second of quiet ends the recording here
    call.wait_heard(prompts.RECORD_EMPTY)
    call.leg.hang_up()
    call.finished()
    assert backend.cases == []


def test_when_the_case_cannot_be_stored_the_caller_is_told_and_the_recording_kept(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.remembered["0905123456"] = EA_KAO
    backend.fail_filing = True
    call = Call(tmp_path, backend)
    call.wait_heard(prompts.MENU)
    call.leave_feedback(SPEECH)
    call.leg.press("1")
    call.wait_heard(prompts.FILE_FAILED)
    notes = list((tmp_path / "store").rglob("*.json"))
    assert len(notes) == 1 and notes[0].with_suffix(".wav").exists()  # recovered by the next start
    call.leg.hang_up()
    assert call.finished().result == "feedback_pending"


def test_a_case_status_is_read_when_the_code_is_typed(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.remembered["0905123456"] = EA_KAO
    call = Call(tmp_path, backend)
    call.wait_heard(prompts.MENU)
    call.leg.press("4")
    call.wait_heard(prompts.STATUS_ASK)
    call.leg.press("2026000123#")
    call.wait_heard("Phản ánh mã 123: Đã trả lời.")
    call.leg.hang_up()
    assert call.finished().result == "status"


def test_words_stand_for_keys(tmp_path: Path) -> None:
    backend = FakeBackend()
    call = Call(tmp_path, backend, by_voice=True)
    call.wait_heard("Hoặc nói tên xã, phường")
    flow = call.session.flow
    call.session.events.put(type("W", (), {})())  # unknown events are ignored
    from voice.ivr.session import _Word

    call.session.events.put(_Word("cư m'gar"))
    call.wait_heard(prompts.MENU)
    assert flow.commune == CU_MGAR
    call.session.events.put(_Word("không"))
    call.wait_heard("UBND phường làm việc")
    call.leg.hang_up()
    call.finished()


def test_a_caller_who_hangs_up_at_once_leaves_a_call_record_and_nothing_else(tmp_path: Path) -> None:
    backend = FakeBackend()
    call = Call(tmp_path, backend, instant=False)
    wait_until(lambda: call.leg.playing)
    call.leg.hang_up()
    summary = call.finished()
    assert summary.result == "hung_up" and summary.path == ["greeting"]
    assert backend.cases == [] and backend.summaries == [summary]


def test_a_recording_left_unconfirmed_is_filed_all_the_same(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.remembered["0905123456"] = EA_KAO
    call = Call(tmp_path, backend)
    call.wait_heard(prompts.MENU)
    call.leave_feedback(SPEECH)
    wait_until(lambda: len(backend.cases) == 1)  # no answer to “1 send, 2 record again”: kept anyway
    assert backend.cases[0][3] is True
    call.wait_heard("Mã phản ánh là")
    call.leg.hang_up()
    assert call.finished().result == "feedback_incomplete"
