"""Inside the feedback form a citizen asks other things, says things the form does not understand,
or gives up: questions are answered and the form resumes, two misunderstandings bring an offer to
stop or to talk to an official, "hủy"/"thôi" stop it, and a message with no words is never a "yes"."""

from __future__ import annotations

import pytest

from tests.bot.conftest import buttons, said, say

CITIZEN = "web-citizen-digressions-00000001"
RESUME = "Mình tiếp tục phản ánh nhé:"


def to_where(chat) -> None:
    say(chat, CITIZEN, "ea kao")  # the commune is remembered
    say(chat, CITIZEN, "toi muon phan anh")
    asked = said(say(chat, CITIZEN, "duong thon 3 bi sat lo rat nguy hiem"))
    assert "xảy ra ở đâu" in asked


def to_contact(chat) -> None:
    to_where(chat)
    asked = said(say(chat, CITIZEN, "1"))  # "Tại Phường Ea Kao"
    assert "để lại họ tên và số điện thoại" in asked


def test_a_status_question_while_asked_where_is_answered_and_is_not_the_place(chat, chat_hub):
    to_where(chat)
    replies = say(chat, CITIZEN, "phan anh cua toi sao roi")
    text = said(replies)
    assert "mã" in text  # the status answer (no case yet: which code?)
    assert replies[-1]["text"].startswith(RESUME) and "xảy ra ở đâu" in replies[-1]["text"]
    assert "Tại Phường Ea Kao" in buttons(replies)
    say(chat, CITIZEN, "1")
    confirm = said(say(chat, CITIZEN, "khong"))
    assert "Nơi xảy ra: Phường Ea Kao" in confirm and "sao roi" not in confirm


def test_a_news_question_inside_the_form_is_answered_and_the_form_resumes(chat):
    to_contact(chat)
    replies = say(chat, CITIZEN, "cho hoi co tin gi moi o ea kao khong")
    assert "Tin mới cho Phường Ea Kao" in said(replies)
    assert replies[-1]["text"].startswith(RESUME)
    confirm = said(say(chat, CITIZEN, "khong"))  # the form goes on where it was
    assert "Xin bà con kiểm tra lại phản ánh" in confirm


def test_unrelated_messages_get_an_offer_to_stop_or_talk_to_an_official_not_the_same_question(chat):
    to_contact(chat)
    first = say(chat, CITIZEN, "xyzzy plugh")
    assert "chưa hiểu" in said(first)
    for gibberish in ("qwrtp zxcvb", "asdfg hjkl"):
        replies = say(chat, CITIZEN, gibberish)
        assert "dừng phản ánh này, hay nói chuyện với cán bộ" in said(replies)
        assert {"Dừng phản ánh", "Nói chuyện với cán bộ"} <= set(buttons(replies))
    official = say(chat, CITIZEN, "/ask_contact")
    assert "1022" in said(official) and official[-1]["text"].startswith(RESUME)
    assert "Xin bà con kiểm tra lại phản ánh" in said(say(chat, CITIZEN, "khong"))  # still in the form


@pytest.mark.parametrize("word", ["hủy", "thôi", "huy", "thoi"])
def test_huy_or_thoi_stops_the_form(chat, word):
    to_contact(chat)
    assert "Đã hủy" in said(say(chat, CITIZEN, word))
    assert "Xin chào" in said(say(chat, CITIZEN, "chao ban"))


@pytest.mark.parametrize("nothing", ["?!?!", "🙂", "..."])
def test_a_message_with_no_words_does_not_send_the_feedback(chat, chat_hub, nothing):
    to_contact(chat)
    assert "kiểm tra lại phản ánh" in said(say(chat, CITIZEN, "khong"))
    assert "PA-" not in said(say(chat, CITIZEN, nothing))
    with chat_hub.database.uow(write=False) as uow:
        assert uow.cases.latest_code_from(uow.contacts.find("web", CITIZEN).id) is None
