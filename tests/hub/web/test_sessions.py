"""Signing out ends the session on the server, not only in this browser: a copy of the cookie (taken
from a shared computer, or by malware) and the access token inside it stop working. Changing one's
password ends the other sessions and tokens, while the page that changed it stays signed in."""

from fastapi.testclient import TestClient

from hub.web.session import COOKIE, codec
from tests.support.settings import DEMO_PASSWORD
from tests.support.web import post_form, text_of


def cookie_of(browser: TestClient) -> str:
    (value,) = [c.value for c in browser.cookies.jar if c.name == COOKIE]
    return value


def copy_of(browser: TestClient, cookie: str) -> TestClient:
    thief = TestClient(browser.app)
    thief.cookies.set(COOKIE, cookie)
    return thief


def test_a_copied_cookie_and_its_token_stop_working_after_sign_out(browser, client, hub):
    me = browser("bientap.eakao")
    stolen = cookie_of(me)
    bearer = {"Authorization": f"Bearer {codec(hub).load(stolen).token}"}
    with copy_of(me, stolen) as thief:
        assert thief.get("/quan-tri/", follow_redirects=False).status_code == 200
        assert client.get("/api/v1/me", headers=bearer).status_code == 200

        signed_out = post_form(me, "/quan-tri/", "/quan-tri/dang-xuat", {})
        assert "Bạn đã đăng xuất." in text_of(signed_out.text)

        assert thief.get("/quan-tri/", follow_redirects=False).status_code == 303
        refused = client.get("/api/v1/me", headers=bearer)
        assert refused.status_code == 401 and "đã kết thúc" in refused.json()["detail"]


def test_signing_out_in_one_browser_leaves_the_officials_other_sessions(browser):
    office, phone = browser("bientap.eakao"), browser("bientap.eakao")
    post_form(phone, "/quan-tri/", "/quan-tri/dang-xuat", {})
    assert phone.get("/quan-tri/", follow_redirects=False).status_code == 303
    assert office.get("/quan-tri/", follow_redirects=False).status_code == 200


def test_an_api_client_signs_out_its_own_token_only(client, login):
    script, other = login("bientap.eakao"), login("bientap.eakao")
    assert client.post("/api/v1/auth/sign-out", headers=script).status_code == 204
    assert client.get("/api/v1/me", headers=script).status_code == 401
    assert client.get("/api/v1/me", headers=other).status_code == 200
    assert client.post("/api/v1/auth/sign-out", headers=script).status_code == 401


def test_a_password_change_ends_other_sessions_and_old_tokens_but_not_this_page(browser, client, login):
    me, elsewhere = browser("bientap.eakao"), browser("bientap.eakao")
    old_token = login("bientap.eakao")
    copied = copy_of(me, cookie_of(me))
    data = {"old_password": DEMO_PASSWORD, "new_password": "mat-khau-moi-9", "repeat_password": "mat-khau-moi-9"}
    changed = post_form(me, "/quan-tri/ca-nhan", "/quan-tri/ca-nhan/mat-khau", data)
    assert "Các phiên đăng nhập khác đã kết thúc." in text_of(changed.text)
    assert me.get("/quan-tri/", follow_redirects=False).status_code == 200
    assert elsewhere.get("/quan-tri/", follow_redirects=False).status_code == 303
    assert copied.get("/quan-tri/", follow_redirects=False).status_code == 303  # the cookie as it was before
    assert client.get("/api/v1/me", headers=old_token).status_code == 401
    copied.close()
