"""Each move of the inbox from the web: one call of the feedback service, audited as done on the
web, told to the citizen on their channel; a refused move shows the reason and keeps what was typed."""

import re

from tests.support.clock import demo_case
from tests.support.feedback import drain, web_mailbox
from tests.support.settings import DEMO_PASSWORD
from tests.support.web import age_session, hidden_fields, post_form, text_of, token_of


def code(n: int) -> str:
    return demo_case(n)


def act(me, n: int, verb: str, data: dict | None = None, **kwargs):
    page = f"/quan-tri/phan-anh/{code(n)}"
    return post_form(me, page, f"{page}/{verb}", data or {}, **kwargs)


def case(client, login, n: int, user: str = "duyet.tinh") -> dict:
    return client.get(f"/api/v1/feedback/{code(n)}", headers=login(user)).json()


def test_take_assign_start_and_answer_the_answer_reaches_the_web_page(browser, client, login, hub):
    editor, approver = browser("bientap.eakao"), browser("duyet.eakao")
    taken = act(editor, 1, "nhan")
    assert "Bạn đã nhận xử lý phản ánh." in text_of(taken.text)
    assert case(client, login, 1)["assignee"] == "bientap.eakao"
    given = act(approver, 1, "giao", {"username": "duyet.eakao"})
    assert "Đã giao xử lý cho duyet.eakao." in text_of(given.text)
    started = act(approver, 1, "bat-dau")
    assert "Đã chuyển sang “Đang xử lý”." in text_of(started.text)
    answer = "Điện lực phường đã thay bóng đèn đường Y Wang tối qua."
    done = act(approver, 1, "tra-loi", {"text": answer})
    assert done.url.path == f"/quan-tri/phan-anh/{code(1)}"
    shown = text_of(done.text)
    assert "Đã gửi trả lời cho người dân qua kênh họ đã dùng." in shown and answer in shown
    drain(hub)
    mailbox = web_mailbox(client, "demo-web-browser-0001")  # the citizen filed on the web page
    assert answer in mailbox[-1]["text"] and mailbox[-1]["kind"] == "answer"
    log = client.get(
        "/api/v1/audit", params={"entity_type": "feedback_case"}, headers=login("admin", "admin-password-1")
    ).json()
    mine = [(e["action"], e["actor_name"], e["channel"]) for e in log if e["entity_id"] == code(1)]
    assert ("feedback.answer", "duyet.eakao", "web") in mine and ("feedback.assign", "bientap.eakao", "web") in mine


def test_an_empty_answer_is_refused_and_a_published_answer_becomes_a_bulletin(browser, client, login):
    assert "Soạn luôn thành tin" not in browser("duyet.eakao").get(f"/quan-tri/phan-anh/{code(8)}").text
    me = browser("bientap.eakao")  # bulletins are drafted by editors, then approved
    refused = act(me, 8, "tra-loi", {"text": "   "})
    assert refused.status_code == 422
    assert "Nội dung trả lời không được để trống." in text_of(refused.text)
    done = act(me, 8, "tra-loi", {"text": "Đã thay nắp cống tổ dân phố 5.", "publish": "1"})
    assert "và soạn thành tin số" in text_of(done.text)
    bulletin = case(client, login, 8)["answer_bulletin_id"]
    got = client.get(f"/api/v1/bulletins/{bulletin}", headers=login("duyet.eakao")).json()
    assert got["status"] == "submitted" and "Đã thay nắp cống tổ dân phố 5." in got["body"]
    published = act(me, 4, "dang-tin")  # an answered case, published afterwards
    assert "Đã soạn trả lời thành tin số" in text_of(published.text)


def test_forward_within_the_hub_or_outside_it_needs_a_reason(browser, client, login):
    me = browser("duyet.eakao")
    refused = act(me, 1, "chuyen", {"area_code": "24280", "reason": ""})
    assert refused.status_code == 422 and "Cần ghi rõ lý do chuyển xử lý." in text_of(refused.text)
    assert 'value="24280"' in refused.text  # what was typed is kept
    both = act(me, 1, "chuyen", {"area_code": "24280", "unit": "Điện lực", "reason": "x"})
    assert "Chọn một nơi nhận" in text_of(both.text)
    moved = act(me, 1, "chuyen", {"area_code": "24280", "reason": "Đường thuộc xã Cư M’gar quản lý."})
    assert "Đã chuyển phản ánh đến UBND Xã Cư M’gar" in text_of(moved.text)
    assert case(client, login, 1)["status"] == "forwarded"
    assert browser("bientap.cumgar").get(f"/quan-tri/phan-anh/{code(1)}").status_code == 200
    assert me.get(f"/quan-tri/phan-anh/{code(1)}").status_code == 200  # the sender keeps seeing it
    out = act(me, 8, "chuyen", {"unit": "Công ty Cấp nước Đắk Lắk", "reason": "Đường ống cấp nước."})
    assert "Đã chuyển phản ánh đến Công ty Cấp nước Đắk Lắk" in text_of(out.text)
    assert case(client, login, 8)["status"] == "forwarded_out"


def test_reject_needs_a_reason_the_citizen_is_told(browser, client, login, hub):
    me = browser("duyet.eakao")
    refused = act(me, 8, "tu-choi", {"reason": ""})
    assert refused.status_code == 422 and "Cần ghi rõ lý do từ chối." in text_of(refused.text)
    done = act(me, 8, "tu-choi", {"reason": "Nội dung đã được giải quyết ở phản ánh khác."})
    assert "Đã từ chối tiếp nhận" in text_of(done.text)
    drain(hub)
    told = web_mailbox(client, "demo-web-browser-0004")
    assert "Nội dung đã được giải quyết ở phản ánh khác." in told[-1]["text"]


def test_the_suggested_duplicate_is_merged_from_the_page(browser, client, login):
    me = browser("duyet.cumgar")
    page = me.get(f"/quan-tri/phan-anh/{code(3)}")
    assert f"Gộp vào {code(2)}" in text_of(page.text)  # suggested: the same flood in Thôn 3
    merged = act(me, 3, "gop", {"into": code(2)})
    assert merged.url.path == f"/quan-tri/phan-anh/{code(2)}"
    assert f"Đã gộp {code(3)} vào {code(2)}" in text_of(merged.text)
    assert case(client, login, 2)["reporters"] == 2 and case(client, login, 3)["status"] == "merged"
    itself = act(me, 6, "gop", {"into": "6"})  # a short code works; a finished case cannot be merged
    assert itself.status_code in (409, 422)


def test_close_and_confirm_a_denunciation(browser, client, login):
    approver = browser("duyet.eakao")
    closed = act(approver, 4, "ket-thuc")
    assert "Đã kết thúc phản ánh." in text_of(closed.text) and case(client, login, 4)["status"] == "closed"
    again = act(approver, 4, "ket-thuc")
    assert again.status_code == 409 and "Không thể kết thúc phản ánh" in text_of(again.text)
    me = browser("duyet.cumgar")
    confirmed = act(me, 7, "phan-loai", {"classification": "complaint"})
    assert "Đã xác nhận phân loại" in text_of(confirmed.text)
    after = case(client, login, 7)
    assert after["classification"] == "complaint" and after["classification_confirmed"]
    editor = browser("bientap.cumgar")
    assert "Soạn luôn thành tin" in editor.get(f"/quan-tri/phan-anh/{code(2)}").text
    assert "Soạn luôn thành tin" not in editor.get(f"/quan-tri/phan-anh/{code(7)}").text  # never published


def test_an_answer_typed_as_the_session_ended_is_sent_after_signing_in_again(browser, hub, client, login):
    me = browser("bientap.eakao")
    token = token_of(me.get(f"/quan-tri/phan-anh/{code(8)}").text)
    age_session(me, hub, 2 * 3600)
    answer = "Đã thay nắp cống tổ dân phố 5 chiều nay."
    expired = me.post(f"/quan-tri/phan-anh/{code(8)}/tra-loi", data={"csrf_token": token, "text": answer})
    assert expired.status_code == 401 and "Nội dung bạn vừa nhập vẫn được giữ lại" in text_of(expired.text)
    kept = re.search(r'name="resume" value="([^"]+)"', expired.text).group(1)
    again = {"csrf_token": token_of(expired.text), "username": "bientap.eakao", "password": DEMO_PASSWORD}
    resumed = me.post("/quan-tri/dang-nhap", data={**again, "resume": kept})
    assert answer in text_of(resumed.text)
    sent = me.post(f"/quan-tri/phan-anh/{code(8)}/tra-loi", data=hidden_fields(resumed.text))
    assert "Đã gửi trả lời cho người dân" in text_of(sent.text)
    assert case(client, login, 8)["answer_text"] == answer
