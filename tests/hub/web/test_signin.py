"""Officials sign in to the web app with the API's lockout, stay signed in while they work, and are
sent back to sign-in when the session ends (after inactivity, or when their account is locked)."""

from hub.web.session import COOKIE
from tests.support.demo import SUBMITTED_EA_KAO, demo_bulletin
from tests.support.web import age_session, post_form, sign_in, text_of, token_of


def test_sign_in_opens_the_dashboard_of_the_officials_area_with_a_safe_cookie(browser, client, login):
    me = browser()
    response = sign_in(me, "bientap.eakao")
    assert response.status_code == 200 and response.url.path == "/quan-tri/"
    page = text_of(response.text)
    assert "Xin chào Nguyễn Thị Hoa." in page and "Tổng quan Phường Ea Kao" in page
    assert "Tin chờ duyệt" in page and "Hướng dẫn rà soát hộ nghèo" in page
    cookie = response.history[0].headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    audit = client.get("/api/v1/audit", params={"actor": "bientap.eakao"}, headers=login("admin", "admin-password-1"))
    newest = audit.json()[0]
    assert (newest["action"], newest["channel"]) == ("user.login", "web")


def test_wrong_passwords_lock_the_name_for_the_web_and_the_api_alike(browser, client):
    me = browser()
    for _ in range(5):
        response = sign_in(me, "duyet.eakao", "sai-mat-khau")
        assert response.status_code == 401
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in text_of(response.text)
    locked = sign_in(me, "duyet.eakao")  # even the right password waits now
    assert locked.status_code == 429 and "Đăng nhập sai quá nhiều lần" in text_of(locked.text)
    api = client.post("/api/v1/auth/token", data={"username": "duyet.eakao", "password": "ttcs-demo-2026"})
    assert api.status_code == 429


def test_a_page_asks_for_sign_in_and_returns_to_it_but_never_to_another_site(browser, hub):
    awaiting = demo_bulletin(hub, SUBMITTED_EA_KAO)
    me = browser()
    response = me.get(f"/quan-tri/tin/{awaiting}", follow_redirects=False)
    assert (
        response.status_code == 303
        and response.headers["location"] == f"/quan-tri/dang-nhap?next=/quan-tri/tin/{awaiting}"
    )
    landed = sign_in(me, "bientap.eakao", next=f"/quan-tri/tin/{awaiting}")
    assert landed.url.path == f"/quan-tri/tin/{awaiting}"
    other = browser()
    assert sign_in(other, "bientap.eakao", next="https://example.org/").url.path == "/quan-tri/"


def test_sign_out_ends_the_session(browser):
    me = browser("bientap.eakao")
    response = post_form(me, "/quan-tri/", "/quan-tri/dang-xuat", {})
    assert "Bạn đã đăng xuất." in text_of(response.text)
    assert me.get("/quan-tri/", follow_redirects=False).status_code == 303


def test_an_idle_session_ends_and_a_locked_account_is_signed_out_at_once(browser, hub):
    me = browser("bientap.eakao")
    age_session(me, hub, 61 * 60)  # one minute past the idle limit
    response = me.get("/quan-tri/tin", follow_redirects=False)
    assert response.headers["location"] == "/quan-tri/dang-nhap?next=/quan-tri/tin&expired=1"
    assert "Phiên làm việc đã hết hạn" in text_of(me.get(response.headers["location"]).text)

    editor, admin = browser("bientap.cumgar"), browser("admin", "admin-password-1")
    assert editor.get("/quan-tri/", follow_redirects=False).status_code == 200
    post_form(admin, "/quan-tri/tai-khoan/bientap.cumgar", "/quan-tri/tai-khoan/bientap.cumgar/khoa", {})
    assert editor.get("/quan-tri/", follow_redirects=False).status_code == 303


def test_an_htmx_request_after_expiry_sends_the_whole_page_to_sign_in(browser, hub):
    me = browser("bientap.eakao")
    age_session(me, hub, 13 * 3600)  # past the longest session too
    response = me.get("/quan-tri/tin?status=draft", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith("/quan-tri/dang-nhap?next=/quan-tri/tin%3Fstatus%3Ddraft")


def test_officials_change_their_password_and_stay_signed_in_here_only(browser):
    me, elsewhere = browser("bientap.eakao"), browser("bientap.eakao")
    data = {
        "old_password": "ttcs-demo-2026",
        "new_password": "mat-khau-moi-2026",
        "repeat_password": "mat-khau-moi-2026",
    }
    response = post_form(me, "/quan-tri/ca-nhan", "/quan-tri/ca-nhan/mat-khau", data)
    assert "Đã đổi mật khẩu." in text_of(response.text)
    assert me.get("/quan-tri/", follow_redirects=False).status_code == 200
    assert elsewhere.get("/quan-tri/", follow_redirects=False).status_code == 303
    wrong = post_form(me, "/quan-tri/ca-nhan", "/quan-tri/ca-nhan/mat-khau", {**data, "old_password": "sai"})
    assert wrong.status_code == 401 and "Mật khẩu hiện tại không đúng." in text_of(wrong.text)
    assert token_of(wrong.text)


def test_admin_leads_to_the_officials_pages(browser):
    for path in ("/admin", "/admin/"):
        answer = browser().get(path, follow_redirects=False)
        assert answer.status_code == 308 and answer.headers["location"] == "/quan-tri/"
