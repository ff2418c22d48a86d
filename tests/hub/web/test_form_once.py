"""One submission per form (hub/web/once.py): Back + resubmit and the same form sent from two tabs
make one bulletin; a form refused with an error can be corrected and sent again."""

import re
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from tests.support.web import sign_in, text_of, token_of

TITLE = "Thông báo lịch tiêm phòng dại cho chó mèo"


def _form(me) -> dict[str, str]:
    page = me.get("/quan-tri/tin/moi").text
    once = re.search(r'name="form_once" value="([^"]+)"', page)
    assert once, "the compose form carries no idempotency token"
    return {
        "csrf_token": token_of(page),
        "form_once": once.group(1),
        "title": TITLE,
        "body": "Tiêm phòng dại miễn phí sáng thứ Bảy tại nhà văn hóa.",
        "category": "local_affairs",
        "priority": "normal",
        "targets": ["24169"],
        "_action": "submit",
    }


def _count(client, login) -> int:
    listed = client.get("/api/v1/bulletins", params={"q": TITLE}, headers=login("bientap.eakao")).json()
    items = listed["items"] if isinstance(listed, dict) else listed
    return sum(1 for b in items if b["title"] == TITLE)


def test_back_and_resubmit_leads_to_the_first_bulletin_and_makes_no_second(browser, client, login):
    me = browser("bientap.eakao")
    form = _form(me)
    first = me.post("/quan-tri/tin/moi", data=form)
    assert first.status_code == 200 and "Đã lưu và gửi tin đi duyệt." in text_of(first.text)
    again = me.post("/quan-tri/tin/moi", data=form)  # Back, then the same form again
    assert again.url.path == first.url.path
    assert "đã được gửi trước đó" in text_of(again.text)
    assert _count(client, login) == 1


def test_two_tabs_sending_the_same_form_at_once_make_one_bulletin(browser, client, login):
    me = browser("bientap.eakao")
    form = _form(me)
    tabs = []
    for _ in range(2):  # two tabs: the same cookies, each its own connection
        tab = TestClient(client.app)
        tab.cookies = me.cookies
        tabs.append(tab)
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda tab: tab.post("/quan-tri/tin/moi", data=form), tabs))
    for tab in tabs:
        tab.close()
    assert {a.status_code for a in answers} <= {200, 409}
    assert _count(client, login) == 1


def test_a_refused_form_can_be_corrected_and_sent_with_the_same_token(browser, client, login):
    me = browser("bientap.eakao")
    form = _form(me)
    refused = me.post("/quan-tri/tin/moi", data={**form, "title": ""})
    assert refused.status_code == 422
    saved = me.post("/quan-tri/tin/moi", data=form)
    assert saved.status_code == 200 and "Đã lưu và gửi tin đi duyệt." in text_of(saved.text)
    assert _count(client, login) == 1


def test_sign_in_forms_carry_a_token_too_and_signing_in_again_works(browser):
    me = browser()
    assert 'name="form_once"' in me.get("/quan-tri/dang-nhap").text
    assert sign_in(me, "bientap.eakao").url.path == "/quan-tri/"


def test_back_to_a_form_the_browser_fetched_again_is_caught_by_its_values(browser, client, login):
    me = browser("bientap.eakao")
    first = me.post("/quan-tri/tin/moi", data=_form(me))
    assert "Đã lưu và gửi tin đi duyệt." in text_of(first.text)
    again = me.post("/quan-tri/tin/moi", data=_form(me))  # a fresh token, the same values, moments later
    assert again.url.path == first.url.path and "đã được gửi trước đó" in text_of(again.text)
    assert _count(client, login) == 1
