"""An official whose session ended while typing loses nothing: the posted form is kept through the
sign-in page and offered again — sent on only when they confirm, with a fresh CSRF token."""

import re

from tests.support.web import age_session, hidden_fields, text_of, token_of

TYPED = {
    "title": "Lịch tiêm phòng dại cho chó, mèo",
    "body": "Thú y phường tiêm phòng dại miễn phí lúc 7h30 thứ Bảy tại nhà văn hóa Buôn Ea Kao.",
    "category": "society",
    "priority": "normal",
    "targets": ["24169", "24169-001"],
    "title_ede": "Klei tiêm",
    "body_ede": "Klei hriêng",
    "_restorable": "1",
    "_action": "submit",
}


def _expired_post(browser, hub):
    me = browser("bientap.eakao")
    token = token_of(me.get("/quan-tri/tin/moi").text)
    age_session(me, hub, 2 * 3600)  # lunch, a meeting: the session ended
    response = me.post("/quan-tri/tin/moi", data={"csrf_token": token, **TYPED})
    return me, response


def test_the_draft_survives_an_expired_session_and_is_saved_after_sign_in(browser, hub, client, login):
    me, response = _expired_post(browser, hub)
    assert response.status_code == 401
    page = text_of(response.text)
    assert "Nội dung bạn vừa nhập vẫn được giữ lại" in page
    kept = re.search(r'name="resume" value="([^"]+)"', response.text).group(1)

    resumed = me.post(
        "/quan-tri/dang-nhap",
        data={
            "csrf_token": token_of(response.text),
            "username": "bientap.eakao",
            "password": "ttcs-demo-2026",
            "resume": kept,
        },
    )
    assert resumed.status_code == 200
    shown = text_of(resumed.text)
    assert "Tiếp tục công việc đang dở" in shown and TYPED["body"] in shown and TYPED["title"] in shown

    sent = me.post("/quan-tri/tin/moi", data=hidden_fields(resumed.text))
    assert sent.status_code == 200 and "Đã lưu và gửi tin đi duyệt." in text_of(sent.text)
    bid = int(sent.url.path.rsplit("/", 1)[1])
    saved = client.get(f"/api/v1/bulletins/{bid}", headers=login("bientap.eakao")).json()
    assert saved["title"] == TYPED["title"] and saved["body"] == TYPED["body"] and saved["status"] == "submitted"
    assert saved["target_codes"] == ["24169", "24169-001"]
    assert saved["variants"] == [{"lang": "ede", "title": "Klei tiêm", "body": "Klei hriêng"}]


def test_the_kept_form_can_be_reopened_for_editing_instead(browser, hub):
    me, response = _expired_post(browser, hub)
    kept = re.search(r'name="resume" value="([^"]+)"', response.text).group(1)
    resumed = me.post(
        "/quan-tri/dang-nhap",
        data={
            "csrf_token": token_of(response.text),
            "username": "bientap.eakao",
            "password": "ttcs-demo-2026",
            "resume": kept,
        },
    )
    assert "Mở lại biểu mẫu để sửa" in resumed.text
    reopened = me.post("/quan-tri/tin/moi", data=hidden_fields(resumed.text, extra={"_action": "restore"}))
    assert reopened.status_code == 200 and "<h1>Soạn tin mới</h1>" in reopened.text
    assert TYPED["body"] in reopened.text and 'value="24169-001" checked' in reopened.text


def test_a_forged_kept_form_is_ignored(browser):
    me = browser()
    token = token_of(me.get("/quan-tri/dang-nhap").text)
    response = me.post(
        "/quan-tri/dang-nhap",
        data={"csrf_token": token, "username": "duyet.eakao", "password": "ttcs-demo-2026", "resume": "forged.blob"},
    )
    assert response.url.path == "/quan-tri/" and "Tiếp tục công việc" not in response.text
