"""Choosing the commune on the hotline in a province of 102: two keypad levels (former district, then
commune), the 5-digit code, or the name said aloud; remembered by number (issue 17, item 6)."""

from __future__ import annotations

from pathlib import Path

from tests.voice.ivr.fakes import Call, FakeBackend, wait_until
from voice.ivr import prompts
from voice.ivr.flow import CallFlow, FlowConfig
from voice.ivr.model import Commune, Listen, Play, Say

# 3 former districts: one of 12 communes (two pages), one of 3, one of 1; and a commune with no district.
BIG = [Commune(f"24{100 + i:03d}", f"Xã Số {i}", "Huyện Lớn") for i in range(1, 13)]
SMALL = [Commune("24301", "Xã Cuôr Đăng", "Huyện Cư M’gar"), Commune("24280", "Xã Cư M’gar", "Huyện Cư M’gar")]
SMALL.append(Commune("24286", "Xã Ea M’Droh", "Huyện Cư M’gar"))
ONE = [Commune("24169", "Phường Ea Kao", "Thành phố Buôn Ma Thuột")]
LOOSE = [Commune("99999", "Xã Mới Lập", "")]
PROVINCE = BIG + SMALL + ONE + LOOSE


class ProvinceBackend(FakeBackend):
    def communes(self) -> list[Commune]:
        return PROVINCE


def said(actions: list) -> str:
    return " ".join(p.text for a in actions if isinstance(a, Play) for p in a.pieces if isinstance(p, Say))


def flow(by_voice: bool = False) -> tuple[CallFlow, ProvinceBackend, str]:
    backend = ProvinceBackend()
    call = CallFlow(backend, FlowConfig(by_voice=by_voice), "0905000111")
    return call, backend, said(call.start())


def test_a_long_list_is_asked_by_former_district_first() -> None:
    _call, _, heard = flow()
    assert "Huyện Lớn, bấm phím một." in heard
    assert "Huyện Cư M’gar, bấm phím hai." in heard
    assert "Thành phố Buôn Ma Thuột, bấm phím ba." in heard
    assert f"{prompts.OTHER_COMMUNES}, bấm phím bốn." in heard
    assert "bấm phím không rồi bấm mã" in heard
    assert "Xã Số 1" not in heard  # no commune is read before the district is chosen
    assert "nghe tiếp" not in heard  # four districts fit on one page


def test_the_district_then_the_commune_on_two_pages() -> None:
    call, backend, _ = flow()
    page_one = said(call.digit("1"))
    assert "Các xã, phường của Huyện Lớn trước đây" in page_one
    assert "Xã Số 8, bấm phím tám." in page_one and "Xã Số 9" not in page_one
    assert "Để nghe tiếp, bấm phím chín." in page_one
    page_two = said(call.digit("9"))
    assert "Xã Số 9, bấm phím một." in page_two and "Xã Số 12, bấm phím bốn." in page_two
    chosen = said(call.digit("4"))
    assert "đã ghi nhận ông bà ở Xã Số 12" in chosen
    assert backend.remembered["0905000111"] == BIG[11]
    assert call.state == "menu"
    assert call.path[-3:] == ["group:Huyện Lớn", "area:24112", "menu"]


def test_star_goes_back_to_the_districts_and_a_wrong_key_is_told() -> None:
    call, _, _ = flow()
    assert "Xã Ea M’Droh, bấm phím ba." in said(call.digit("2"))
    back = said(call.digit("*"))
    assert call.group == "" and call.state == "area"
    assert "Huyện Lớn, bấm phím một." in back
    assert prompts.INVALID in said(call.digit("7"))


def test_every_commune_is_reachable_by_the_keypad() -> None:
    reached = set()
    for commune in PROVINCE:
        call, backend, _ = flow()
        group = commune.group or prompts.OTHER_COMMUNES
        call.digit(str(call.groups.index(group) + 1))
        members = [c for c in PROVINCE if (c.group or prompts.OTHER_COMMUNES) == group]
        index = members.index(commune)
        if len(members) > 9:
            for _ in range(index // 8):
                call.digit("9")
            index %= 8
        call.digit(str(index + 1))
        reached.add(backend.remembered["0905000111"])
    assert reached == set(PROVINCE)


def test_the_five_digit_code_after_zero() -> None:
    call, backend, _ = flow()
    assert said(call.digit("0")) == prompts.AREA_CODE_ASK
    for key in "2428":
        assert call.digit(key) == []
    heard = said(call.digit("0"))
    assert "đã ghi nhận ông bà ở Xã Cư M’gar" in heard
    assert backend.remembered["0905000111"].code == "24280"


def test_an_unknown_code_is_told_and_asked_again_then_the_menu() -> None:
    call, backend, _ = flow()
    call.digit("0")
    for key in "1234":
        call.digit(key)
    assert "Không có xã, phường nào mang mã một hai ba, bốn năm" in said(call.digit("5"))
    assert call.state == "area_code"
    for _ in range(2):
        for key in "11111":
            call.digit(key)
    assert call.state == "menu" and "area:none" in call.path
    assert "0905000111" not in backend.remembered


def test_a_code_ended_with_hash_or_cut_short_by_silence() -> None:
    call, backend, _ = flow()
    call.digit("0")
    for key in "24169":
        actions = call.digit(key)
    assert backend.remembered["0905000111"].code == "24169" and call.state == "menu"
    assert actions
    call, backend, _ = flow()
    call.digit("0")
    call.digit("9")
    assert "Không có xã, phường nào mang mã chín" in said(call.timeout())


def test_the_name_of_any_commune_is_heard_when_recognition_is_on() -> None:
    call, backend, heard = flow(by_voice=True)
    assert "Hoặc nói tên xã, phường." in heard
    listen = call.played()
    assert isinstance(listen[0], Listen)
    grammar = listen[0].words
    # the grammar holds the names as written (in lower case), what was heard is matched without marks
    assert {"xã số 12", "số 12", "cư m'gar", "ea kao", "phường ea kao", "mới lập"} <= set(grammar)
    assert "một" in grammar
    assert "đã ghi nhận ông bà ở Xã Ea M’Droh" in said(call.word("ea m'droh"))
    assert backend.remembered["0905000111"].code == "24286"


def test_a_name_is_heard_inside_a_district_too() -> None:
    call, backend, _ = flow(by_voice=True)
    call.digit("1")
    call.word("Phường Ea Kao")
    assert backend.remembered["0905000111"].code == "24169"


def test_nine_communes_or_fewer_are_one_list_as_before() -> None:
    backend = FakeBackend()
    call = CallFlow(backend, FlowConfig(), "0905000111")
    heard = said(call.start())
    assert "Phường Ea Kao, bấm phím một." in heard and "huyện" not in heard


def test_on_a_line_the_caller_keys_district_and_commune_and_is_remembered(tmp_path: Path) -> None:
    backend = ProvinceBackend()
    call = Call(tmp_path, backend)
    call.wait_heard("Hoặc chọn huyện, thị xã, thành phố trước đây")
    call.leg.press("2")
    call.wait_heard("Các xã, phường của Huyện Cư M’gar trước đây")
    call.leg.press("2")
    call.wait_heard(prompts.MENU)
    wait_until(lambda: call.leg.caller in backend.remembered)
    assert backend.remembered[call.leg.caller].code == "24280"
    call.leg.hang_up()
    assert "area:24280" in call.finished().path
    again = Call(tmp_path, backend)  # the number is remembered: no question the second time
    again.wait_heard(prompts.MENU)
    assert not any("huyện, thị xã" in h for h in again.heard())
    again.leg.hang_up()
    again.finished()


def test_key_five_talks_with_the_chat_dialogue_and_its_choices_become_keys(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.remembered["0905123456"] = FakeBackend().communes()[0]
    call = Call(tmp_path, backend)
    call.wait_heard(prompts.MENU)
    call.leg.press("5")
    call.wait_heard("Tin mới, bấm phím một. Gửi phản ánh, bấm phím hai. Để về danh sách chính, bấm phím sao.")
    assert backend.asked == [prompts.DIALOGUE_START]
    call.leg.press("1")  # the dialogue's first choice: the number goes back to it, as typed in chat
    call.wait_heard("Tin mới cho Phường Ea Kao: Họp dân.")
    assert backend.asked[-1] == "1"
    call.leg.press("1")  # "Menu" → /help
    call.wait_heard("Tôi có thể giúp:", count=2)
    call.leg.press("2")  # feedback needs the voice: the hotline's own recording (menu key 3)
    call.wait_heard("Sau tiếng bíp, xin nói nội dung phản ánh")
    call.leg.hang_up()
    assert call.finished().path.count("dialogue_turn") == 2


def test_every_page_of_the_commune_question_is_known_before_the_first_call() -> None:
    many = [Commune(f"24{i:03d}", f"Xã {i}", f"Huyện {i}") for i in range(20)]  # 20 districts: 3 pages

    class Many(FakeBackend):
        def communes(self) -> list[Commune]:
            return many

    questions = CallFlow(Many(), FlowConfig(), "").commune_questions()
    assert len(questions) == 3
    assert "Huyện 0, bấm phím một." in questions[0] and "Huyện 16, bấm phím một." in questions[2]
    assert CallFlow(FakeBackend(), FlowConfig(), "").commune_questions() == [
        prompts.ask_area(["Phường Ea Kao", "Xã Cư M’gar"], False)
    ]
