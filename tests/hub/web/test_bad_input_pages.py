"""Pages answer bad input with their HTML error page (never a 500, never JSON): numbers past 64
bits in the address, NUL in a form."""

from __future__ import annotations

from tests.support.web import token_of

HUGE = str(2**64 + 5)


def test_the_portal_bulletin_page_with_a_huge_number_is_a_404_page(browser):
    page = browser().get(f"/xa/24169/tin/{HUGE}")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Không tìm thấy" in page.text


def test_officials_pages_with_a_huge_number_show_the_error_page(browser):
    admin = browser("admin", "admin-password-1")
    for path in (f"/quan-tri/tin/{HUGE}", f"/quan-tri/tin/{HUGE}/sua", f"/quan-tri/phan-anh/anh/{HUGE}"):
        page = admin.get(path)
        assert page.status_code == 404, (path, page.text[:300])
        assert page.headers["content-type"].startswith("text/html")
        assert "Không tìm thấy" in page.text
    for path in ("/quan-tri/tin", "/quan-tri/phan-anh", "/quan-tri/nhat-ky"):
        assert admin.get(path, params={"page": HUGE}).status_code == 200, path


def test_a_nul_in_the_portal_feedback_form_shows_the_error_page(browser):
    citizen = browser()
    token = token_of(citizen.get("/phan-anh?xa=24169").text)
    page = citizen.post("/phan-anh", data={"csrf_token": token, "xa": "24169", "text": "Rác\x00 bên đường"})
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    assert "ký tự không hợp lệ" in page.text


def test_a_very_long_name_on_the_sign_in_page_is_refused_on_the_form(browser):
    visitor = browser()
    token = token_of(visitor.get("/quan-tri/dang-nhap").text)
    page = visitor.post("/quan-tri/dang-nhap", data={"csrf_token": token, "username": "a" * 5000, "password": "x"})
    assert page.status_code == 422
    assert "tối đa 64 ký tự" in page.text and 'name="password"' in page.text
