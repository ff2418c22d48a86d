"""Admins manage officials and areas on the web pages."""

from tests.support.web import post_form, sign_in, text_of


def test_an_admin_creates_an_official_grants_a_role_and_locks_the_account(browser):
    admin = browser("admin", "admin-password-1")
    data = {"full_name": "Y Đen Niê", "username": "bientap.hoaphu", "password": "mat-khau-2026", "role": "editor"}
    created = post_form(admin, "/quan-tri/tai-khoan", "/quan-tri/tai-khoan", {**data, "area_code": "24175"})
    page = text_of(created.text)
    assert "Đã tạo tài khoản “bientap.hoaphu”." in page and "Biên tập viên — Xã Hòa Phú" in page
    taken = post_form(admin, "/quan-tri/tai-khoan", "/quan-tri/tai-khoan", {**data, "area_code": "24175"})
    assert taken.status_code == 409 and "đã được dùng" in text_of(taken.text)
    assert 'value="Y Đen Niê"' in taken.text  # what was typed stays

    path = "/quan-tri/tai-khoan/bientap.hoaphu"
    granted = post_form(admin, path, f"{path}/gan-vai-tro", {"role": "viewer", "area_code": "66"})
    assert "Người xem — Tỉnh Đắk Lắk" in text_of(granted.text)
    new = browser("bientap.hoaphu", "mat-khau-2026")
    assert "Tổng quan Xã Hòa Phú" in text_of(new.get("/quan-tri/").text)

    post_form(admin, path, f"{path}/khoa", {})
    assert new.get("/quan-tri/", follow_redirects=False).status_code == 303
    assert sign_in(browser(), "bientap.hoaphu", "mat-khau-2026").status_code == 401


def test_an_admin_adds_a_village_and_an_alias_that_citizens_can_search(browser):
    admin = browser("admin", "admin-password-1")
    added = post_form(
        admin, "/quan-tri/dia-ban/24280", "/quan-tri/dia-ban/24280/them-thon", {"kind": "buôn", "name": "Ea Tar"}
    )
    assert "Đã thêm Buôn Ea Tar (mã 24280-003)." in text_of(added.text)
    post_form(
        admin, "/quan-tri/dia-ban/24280", "/quan-tri/dia-ban/24280/ten-goi-khac", {"alias": "Huyện Cư M’gar (cũ)"}
    )
    assert 'href="/xa/24280"' in browser().get("/", params={"q": "huyen cu mgar"}).text
    found = admin.get("/quan-tri/dia-ban", params={"q": "ea tar"})
    assert "Buôn Ea Tar" in text_of(found.text)
    editor = browser("bientap.cumgar")
    assert "Thêm thôn, buôn" not in editor.get("/quan-tri/dia-ban/24280").text
    refused = post_form(
        editor, "/quan-tri/dia-ban/24280", "/quan-tri/dia-ban/24280/them-thon", {"kind": "thôn", "name": "5"}
    )
    assert refused.status_code == 403
