"""Forms typed in Vietnamese reach the hub intact whether the client sends raw UTF-8 bytes or
percent-encoded ones: the sign-in form, the token endpoint and the citizens' portal."""

from urllib.parse import quote_plus

from tests.support.feedback import EA_KAO
from tests.support.web import text_of, token_of

FORM = {"content-type": "application/x-www-form-urlencoded"}
PASSWORD = "mật khẩu Ê-đê 1"


def _official_with_a_vietnamese_password(client, login) -> None:
    body = {
        "username": "bientap.dau",
        "full_name": "Nguyễn Văn Dấu",
        "password": PASSWORD,
        "grants": [{"role": "editor", "area_code": EA_KAO}],
    }
    created = client.post("/api/v1/users", json=body, headers=login("admin", "admin-password-1"))
    assert created.status_code == 201, created.text


def test_sign_in_with_a_vietnamese_password_sent_raw_or_encoded(browser, client, login):
    _official_with_a_vietnamese_password(client, login)
    for password in (PASSWORD.encode(), quote_plus(PASSWORD).encode("ascii")):
        me = browser()
        token = token_of(me.get("/quan-tri/dang-nhap").text)
        body = b"csrf_token=" + quote_plus(token).encode() + b"&username=bientap.dau&password=" + password
        signed = me.post("/quan-tri/dang-nhap", content=body, headers=FORM)
        assert signed.status_code == 200 and signed.url.path == "/quan-tri/", text_of(signed.text)[:300]
        api = client.post("/api/v1/auth/token", content=b"username=bientap.dau&password=" + password, headers=FORM)
        assert api.status_code == 200, api.text


def test_portal_feedback_sent_as_raw_utf8_is_stored_as_typed(browser, client, login):
    citizen = browser()
    token = token_of(citizen.get("/phan-anh", params={"xa": EA_KAO}).text)
    text = "Đèn đường ở Buôn Ea Kao hỏng đã một tuần."
    body = f"csrf_token={quote_plus(token)}&xa={EA_KAO}&text={text}&category=infrastructure".encode()
    done = citizen.post("/phan-anh", content=body, headers=FORM)
    assert done.status_code == 200 and done.url.path.startswith("/tra-cuu/"), text_of(done.text)[:400]
    code = done.url.path.rsplit("/", 1)[-1]
    case = client.get(f"/api/v1/feedback/{code}", headers=login("duyet.eakao")).json()
    assert case["text"] == text
