"""An official never sees another area's data on the web pages: the services decide, the pages show
their refusal."""

from tests.support.demo import SUBMITTED_EA_KAO, demo_bulletin
from tests.support.web import post_form, text_of

EA_KAO_AWAITING = "Hướng dẫn rà soát hộ nghèo"  # submitted in Phường Ea Kao by the demo


def test_another_communes_bulletins_stay_out_of_reach(browser, hub):
    awaiting = demo_bulletin(hub, SUBMITTED_EA_KAO)
    me = browser("bientap.cumgar")
    refused = me.get(f"/quan-tri/tin/{awaiting}")
    assert refused.status_code == 403
    assert "thuộc địa bàn Phường Ea Kao (mã 24169), ngoài phạm vi của bạn" in text_of(refused.text)
    assert EA_KAO_AWAITING not in me.get("/quan-tri/tin", params={"q": "ho ngheo"}).text
    assert EA_KAO_AWAITING not in me.get("/quan-tri/", params={"area": "24169"}).text
    assert EA_KAO_AWAITING not in me.get("/quan-tri/the/awaiting", params={"area": "24169"}).text
    assert EA_KAO_AWAITING not in me.get("/quan-tri/tin", params={"area": "24169"}).text
    assert EA_KAO_AWAITING in browser("duyet.eakao").get("/quan-tri/").text


def test_an_approver_of_another_commune_cannot_approve_from_the_web(browser, client, login, hub):
    awaiting = demo_bulletin(hub, SUBMITTED_EA_KAO)
    me = browser("duyet.cumgar")
    response = post_form(me, "/quan-tri/", f"/quan-tri/tin/{awaiting}/duyet", {"expected_revision": "1"})
    assert response.status_code == 403
    assert client.get(f"/api/v1/bulletins/{awaiting}", headers=login("duyet.eakao")).json()["status"] == "submitted"


def test_a_commune_admin_manages_only_their_communes_officials_and_log(browser):
    province = browser("admin", "admin-password-1")
    new_admin = {
        "full_name": "Quản trị Ea Kao",
        "username": "quantri.eakao",
        "password": "mat-khau-quan-tri",
        "role": "admin",
        "area_code": "24169",
    }
    created = post_form(province, "/quan-tri/tai-khoan", "/quan-tri/tai-khoan", new_admin)
    assert "Đã tạo tài khoản “quantri.eakao”." in text_of(created.text)
    commune = browser("quantri.eakao", "mat-khau-quan-tri")
    users = text_of(commune.get("/quan-tri/tai-khoan").text)
    assert "bientap.eakao" in users and "duyet.eakao" in users
    assert "bientap.cumgar" not in users and "duyet.tinh" not in users
    assert commune.get("/quan-tri/tai-khoan/bientap.cumgar").status_code == 404
    log = commune.get("/quan-tri/nhat-ky", params={"entity_type": "bulletin"}).text
    assert "Tin số 5" in log and "Tin số 4<" not in log  # bulletin 4 is Cư M’gar's


def test_officials_without_the_admin_role_are_refused_the_admin_pages(browser):
    me = browser("duyet.tinh")
    for path in ("/quan-tri/tai-khoan", "/quan-tri/nhat-ky"):
        response = me.get(path)
        assert response.status_code == 403
        assert "Bạn cần vai trò “Quản trị”" in text_of(response.text)
    menu = me.get("/quan-tri/").text
    assert 'href="/quan-tri/tai-khoan"' not in menu and 'href="/quan-tri/nhat-ky"' not in menu
