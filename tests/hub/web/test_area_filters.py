"""Search boxes and area filters take names typed any way (no diacritics, any case), as the areas
API does, through one resolver; a name that matches nothing is said above an empty list, not a 404."""

from tests.support.web import text_of


def test_the_devices_search_finds_the_devices_of_an_area_typed_without_diacritics(browser):
    me = browser("vanhanh.eakao")
    for typed in ("buon ea kao", "BUÔN EA KAO"):
        found = text_of(me.get("/quan-tri/thiet-bi", params={"q": typed}).text)
        assert f"1 thiết bị khớp với “{typed}”" in found and "Cụm loa Buôn Ea Kao" in found
    by_area = text_of(me.get("/quan-tri/thiet-bi", params={"khu_vuc": "buon ea kao"}).text)
    assert "1 thiết bị." in by_area and "Cụm loa Buôn Ea Kao" in by_area


def test_the_bulletin_list_filters_by_an_area_name(browser):
    me = browser("bientap.eakao")
    by_code = me.get("/quan-tri/tin", params={"area": "24169"})
    by_name = me.get("/quan-tri/tin", params={"area": "phuong ea kao"})
    assert by_code.status_code == by_name.status_code == 200
    count = text_of(by_code.text).split(" tin")[0].rsplit(" ", 1)[-1]
    assert f" {count} tin" in text_of(by_name.text)
    assert me.get("/quan-tri/tin", params={"area": "buon ea kao"}).status_code == 200


def test_an_area_nobody_has_is_named_above_an_empty_list(browser):
    me = browser("bientap.eakao")
    for path, param in (("/quan-tri/tin", "area"), ("/quan-tri/thiet-bi", "khu_vuc"), ("/quan-tri/phan-anh", "area")):
        page = me.get(path, params={param: "khong co xa nao"})
        assert page.status_code == 200, path
        assert "Không tìm thấy địa bàn “khong co xa nao”" in text_of(page.text), path


def test_the_feedback_inbox_filters_by_an_area_name(browser):
    me = browser("bientap.eakao")
    page = me.get("/quan-tri/phan-anh", params={"area": "ea kao"})
    assert page.status_code == 200 and "Không tìm thấy địa bàn" not in text_of(page.text)
