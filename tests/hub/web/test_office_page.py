"""An admin sets a commune office's phone number and hours on the area's page (issue 18 item 9): kept
per commune, audited, refused with a clear message when the number is not one; others only read it."""

from __future__ import annotations

from tests.support.web import post_form, text_of

PAGE = "/quan-tri/dia-ban/24280"


def test_an_admin_sets_the_communes_phone_and_hours_and_the_change_is_audited(browser):
    admin = browser("admin", "admin-password-1")
    hours = "Sáng thứ Hai đến thứ Sáu từ 7 giờ đến 11 giờ, chiều từ 13 giờ 30 đến 17 giờ."
    saved = post_form(admin, PAGE, f"{PAGE}/lien-he", {"phone": " 0262  3871 555 ", "hours": hours})
    shown = text_of(saved.text)
    assert "Đã lưu số điện thoại và giờ làm việc." in shown
    assert "Số điện thoại 0262 3871 555" in shown and hours in shown

    audit = text_of(admin.get("/quan-tri/nhat-ky", params={"entity_type": "area"}).text)
    assert "Sửa số điện thoại, giờ làm việc của xã, phường" in audit and "Xã Cư M’gar" in audit

    other = text_of(browser("duyet.cumgar").get(PAGE).text)
    assert "0262 3871 555" in other and 'action="/quan-tri/dia-ban/24280/lien-he"' not in other
    assert "Liên hệ UBND" not in text_of(admin.get(f"{PAGE}-001").text)  # villages have none of their own


def test_a_number_that_is_not_one_is_refused_in_vietnamese_and_what_was_typed_stays(browser):
    admin = browser("admin", "admin-password-1")
    refused = post_form(admin, PAGE, f"{PAGE}/lien-he", {"phone": "gọi chú Sơn", "hours": "Sáng 7 giờ."})
    assert refused.status_code == 422
    assert "Số điện thoại chỉ gồm chữ số" in text_of(refused.text)
    assert 'value="gọi chú Sơn"' in refused.text and "Sáng 7 giờ." in refused.text


def test_a_village_has_no_office_of_its_own(browser):
    admin = browser("admin", "admin-password-1")
    refused = post_form(admin, f"{PAGE}-001", f"{PAGE}-001/lien-he", {"phone": "0262 3871 555", "hours": ""})
    assert refused.status_code == 422 and "đặt cho một xã hoặc phường" in text_of(refused.text)
