"""Every state-changing request of the web pages needs the page's CSRF token (form field or htmx
header) and must come from our own site; the pages carry the usual security headers."""

from tests.support.demo import DRAFT_EA_KAO, demo_bulletin
from tests.support.web import post_form, text_of, token_of

DRAFT = {"title": "Tin thử", "body": "Nội dung", "category": "society", "targets": "24169"}


def _count(client, login):
    return client.get("/api/v1/bulletins", headers=login("bientap.eakao")).json()["total"]


def test_a_form_without_the_token_or_with_another_is_refused_and_nothing_changes(browser, client, login, hub):
    draft = demo_bulletin(hub, DRAFT_EA_KAO)
    me = browser("bientap.eakao")
    before = _count(client, login)
    missing = me.post("/quan-tri/tin/moi", data=DRAFT)
    assert missing.status_code == 403
    assert "Biểu mẫu đã quá hạn hoặc không hợp lệ nên chưa được gửi" in text_of(missing.text)
    forged = me.post(
        "/quan-tri/tin/moi", data={**DRAFT, "csrf_token": token_of(browser().get("/quan-tri/dang-nhap").text)}
    )
    assert forged.status_code == 403
    assert me.post(f"/quan-tri/tin/{draft}/gui-duyet", data={"csrf_token": "x" * 43}).status_code == 403
    assert _count(client, login) == before
    assert client.get(f"/api/v1/bulletins/{draft}", headers=login("bientap.eakao")).json()["status"] == "draft"


def test_htmx_requests_carry_the_token_in_a_header(browser, client, login, hub):
    draft = demo_bulletin(hub, DRAFT_EA_KAO)
    me = browser("bientap.eakao")
    page = me.get("/quan-tri/")
    assert 'hx-headers=\'{"X-CSRF-Token": "' in page.text
    token = token_of(page.text)
    response = me.post(
        f"/quan-tri/tin/{draft}/gui-duyet",
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert client.get(f"/api/v1/bulletins/{draft}", headers=login("bientap.eakao")).json()["status"] == "submitted"


def test_a_post_from_another_site_is_refused_even_with_a_token(browser, hub):
    draft = demo_bulletin(hub, DRAFT_EA_KAO)
    me = browser("bientap.eakao")
    token = token_of(me.get("/quan-tri/").text)
    response = me.post(
        f"/quan-tri/tin/{draft}/gui-duyet", data={"csrf_token": token}, headers={"Origin": "https://example.org"}
    )
    assert response.status_code == 403 and "trang khác" in text_of(response.text)


def test_the_sign_in_form_needs_its_token_too(browser):
    me = browser()
    response = me.post("/quan-tri/dang-nhap", data={"username": "bientap.eakao", "password": "ttcs-demo-2026"})
    assert response.status_code == 403
    assert me.get("/quan-tri/", follow_redirects=False).status_code == 303


def test_pages_carry_security_headers_and_officials_pages_are_not_cached(browser):
    me = browser("bientap.eakao")
    headers = me.get("/quan-tri/tin").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"


def test_signing_out_needs_the_token(browser):
    me = browser("bientap.eakao")
    assert me.post("/quan-tri/dang-xuat").status_code == 403
    response = post_form(me, "/quan-tri/", "/quan-tri/dang-xuat", {})
    assert response.url.path == "/quan-tri/dang-nhap"
