"""A citizen on the web channel, typing without diacritics: what is new in their commune, when the
loudspeaker plays, a feedback with its code, its status later, and the news they subscribed to."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from bot.repository import InboundRepository
from hub.accounts.service import principal_for_user
from hub.areas import service as areas
from tests.bot.conftest import buttons, said, say
from tests.support.demo import PUBLISHED_PROVINCE
from tests.support.feedback import drain, web_mailbox

CITIZEN = "web-citizen-0000000000000001"


def test_a_new_citizen_asks_news_and_schedule_files_feedback_checks_it_and_gets_subscribed_news(chat, chat_hub, login):
    first = say(chat, CITIZEN, "chao ban")
    assert "Xin chào" in said(first) and "Gửi phản ánh, kiến nghị" in buttons(first)

    asked = say(chat, CITIZEN, "cho hoi co tin gi moi o xa minh khong")
    assert "xã, phường nào" in said(asked)
    news = said(say(chat, CITIZEN, "ea kao"))
    assert "Phường Ea Kao" in news
    assert "Phòng chống sốt xuất huyết trong mùa mưa" in news  # the ward's own bulletin, with its unit and date
    assert PUBLISHED_PROVINCE in news and "Tỉnh Đắk Lắk" in news  # and the province's
    assert re.search(r"Nghe: http://ttcs\.test/api/v1/bulletins/\d+/audio", news)
    assert re.search(r"\(\d\d/\d\d/\d{4}, ", news)

    schedule = said(say(chat, CITIZEN, "khi nao loa phat"))  # the commune is remembered: not asked again
    assert "xã, phường nào" not in schedule and "Loa truyền thanh của Phường Ea Kao phát mỗi ngày" in schedule
    assert "06:00–06:30" in schedule and "Sắp phát:" in schedule  # the commune's programme, what plays next
    assert re.search(r"• \d\d:\d\d (hôm nay|ngày mai): Phòng chống sốt xuất huyết", schedule)

    say(chat, CITIZEN, "toi muon phan anh")
    where = say(chat, CITIZEN, "cong truoc cho ea kao bi tac, nuoc tran ra duong")
    assert "Tại Phường Ea Kao" in buttons(where)
    say(chat, CITIZEN, "1")  # "at Ea Kao", picked by its number
    say(chat, CITIZEN, "co")  # leave a name and phone
    confirm = said(say(chat, CITIZEN, "Nguyen Van An 0905 123 456"))
    assert "Nguyen Van An" in confirm and "0905***456" in confirm and "cong truoc cho ea kao" in confirm
    filed = said(say(chat, CITIZEN, "gui"))
    code = re.search(r"PA-\d{4}-\d{6}", filed).group(0)
    assert "UBND Phường Ea Kao" in filed

    status = said(say(chat, CITIZEN, "phan anh cua toi sao roi"))
    assert code in status and "Đã tiếp nhận" in status
    answered = chat.post(
        f"/api/v1/feedback/{code}/answer", headers=login("bientap.eakao"), json={"text": "Đã nạo vét cống sáng nay."}
    )
    assert answered.status_code == 200, answered.text
    drain(chat_hub)
    assert any("Đã nạo vét cống" in m["text"] for m in web_mailbox(chat, CITIZEN))  # the widget shows it
    assert "Đã nạo vét cống sáng nay." in said(say(chat, CITIZEN, f"tra cuu {code.lower()}"))

    subscribed = said(say(chat, CITIZEN, "dang ky nhan tin"))
    assert "Đã đăng ký nhận tin của Phường Ea Kao" in subscribed
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    created = chat.post(
        "/api/v1/bulletins",
        headers=editor,
        json={
            "title": "Lịch thu gom rác mới",
            "body": "Từ tuần sau, xe rác thu gom vào sáng thứ Hai và thứ Năm.",
            "category": "local_affairs",
            "target_codes": ["24169"],
        },
    ).json()
    chat.post(f"/api/v1/bulletins/{created['id']}/submit", headers=editor)
    chat.post(f"/api/v1/bulletins/{created['id']}/approve", headers=approver)
    drain(chat_hub)
    news = [m["text"] for m in web_mailbox(chat, CITIZEN) if "Lịch thu gom rác mới" in m["text"]]
    assert len(news) == 1 and f"/api/v1/bulletins/{created['id']}/audio" in news[0]
    with chat_hub.database.uow() as uow:
        assert uow.subscriptions.reach_counts(datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)) == {
            "web": 1
        }


def test_a_retried_request_gets_the_same_replies_and_is_handled_once(chat, chat_hub):
    say(chat, CITIZEN, "ea kao")
    first = say(chat, CITIZEN, "toi muon phan anh", message_id="m-1")
    again = say(chat, CITIZEN, "toi muon phan anh", message_id="m-1")
    assert again == first
    without_id = say(chat, CITIZEN, "duong thon 3 bi sat lo rat nguy hiem")
    assert say(chat, CITIZEN, "duong thon 3 bi sat lo rat nguy hiem") == without_id  # a retry, not a new step
    with chat_hub.database.uow() as uow:
        last = InboundRepository(uow.session).last_from(uow.contacts.find("web", CITIZEN).id)
        assert last.text == "duong thon 3 bi sat lo rat nguy hiem"


def test_empty_huge_and_decomposed_messages_get_a_short_answer(chat):
    assert "chưa nhập nội dung" in said(say(chat, CITIZEN, "   "))
    assert "dài quá" in said(say(chat, CITIZEN, "a " * 30_000))
    decomposed = unicodedata.normalize("NFD", "Cho hỏi tin mới ở Ea Kao")
    assert "Tin mới cho Phường Ea Kao" in said(say(chat, CITIZEN, decomposed))


def test_not_understood_twice_offers_the_hotline_and_the_commune_office(chat):
    say(chat, CITIZEN, "ea kao")
    first = said(say(chat, CITIZEN, "xyzzy plugh"))
    assert "nói cách khác" in first or "ngoài phạm vi" in first
    second = said(say(chat, CITIZEN, "qwrtp zxcvb"))
    assert "1022" in second and "UBND Phường Ea Kao" in second and "0262 3851 234" in second


def test_a_bad_request_is_refused_with_a_problem(chat):
    response = chat.post("/webhooks/rest/webhook", json={"message": "xin chao"})
    assert response.status_code == 422 and response.headers["content-type"].startswith("application/problem+json")


def test_the_office_number_and_hours_an_admin_set_replace_the_configured_number(chat, chat_hub):
    with chat_hub.database.uow() as uow:
        admin = principal_for_user(uow, "admin", "web")
        areas.set_office(uow, admin, "24169", "0262 3999 111", "Sáng thứ Hai đến thứ Sáu từ 7 giờ 30.")
        uow.commit()
    say(chat, CITIZEN, "ea kao")
    say(chat, CITIZEN, "xyzzy plugh")
    second = said(say(chat, CITIZEN, "qwrtp zxcvb"))
    assert "UBND Phường Ea Kao (số 0262 3999 111)" in second and "0262 3851 234" not in second
    assert "Giờ làm việc: Sáng thứ Hai đến thứ Sáu từ 7 giờ 30." in second
