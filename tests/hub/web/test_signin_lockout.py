"""An admin sees on the accounts pages which officials are locked out of signing in, and can end the
lockout with one button; the unlock is in the audit log."""

from tests.support.settings import DEMO_PASSWORD
from tests.support.web import post_form, text_of

TOKEN = "/api/v1/auth/token"


def test_the_accounts_list_shows_a_locked_out_official_and_the_admin_unlocks_them(browser, client, login):
    for _ in range(5):
        client.post(TOKEN, data={"username": "duyet.eakao", "password": "doan-mo-1234"})
    assert client.post(TOKEN, data={"username": "duyet.eakao", "password": DEMO_PASSWORD}).status_code == 429

    admin = browser("admin", "admin-password-1")
    listing = text_of(admin.get("/quan-tri/tai-khoan").text)
    row = listing[listing.index("Y Bhim Niê") :][:200]
    assert "tạm khóa đăng nhập tại 1 địa chỉ" in row
    assert listing.count("tạm khóa đăng nhập") == 1  # the others are shown as active

    page = admin.get("/quan-tri/tai-khoan/duyet.eakao").text
    assert "Đăng nhập đang bị tạm khóa" in text_of(page)
    done = post_form(admin, "/quan-tri/tai-khoan/duyet.eakao", "/quan-tri/tai-khoan/duyet.eakao/mo-khoa-dang-nhap", {})
    assert "Đã mở khóa đăng nhập" in text_of(done.text)
    assert "Đăng nhập đang bị tạm khóa" not in text_of(done.text)
    assert client.post(TOKEN, data={"username": "duyet.eakao", "password": DEMO_PASSWORD}).status_code == 200

    audit = client.get("/api/v1/audit", params={"actor": "admin"}, headers=login("admin", "admin-password-1")).json()
    unlock = next(row for row in audit if row["action"] == "user.unlock")
    assert unlock["entity_id"] == "duyet.eakao" and unlock["channel"] == "web"


def test_only_an_admin_over_the_official_may_unlock(browser, client):
    for _ in range(5):
        client.post(TOKEN, data={"username": "duyet.eakao", "password": "doan-mo-1234"})
    approver = browser("duyet.tinh")
    refused = post_form(approver, "/quan-tri/", "/quan-tri/tai-khoan/duyet.eakao/mo-khoa-dang-nhap", {})
    assert refused.status_code in (403, 404)
    assert client.post(TOKEN, data={"username": "duyet.eakao", "password": DEMO_PASSWORD}).status_code == 429
