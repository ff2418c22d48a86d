"""Areas: the seeded province, search however a name is typed, villages and aliases."""

import pytest


def test_province_has_its_102_communes_and_wards_with_clean_names(client):
    communes = client.get("/api/v1/areas", params={"level": "commune", "limit": 500}).json()
    assert len(communes) == 102
    names = {a["name"] for a in communes}
    assert "Phường Tân An" in names  # the dataset writes "Phường  Tân An"
    assert "Xã Cư M’gar" in names
    assert not any("  " in n for n in names)
    province = client.get("/api/v1/areas/66").json()
    assert province["name"] == "Tỉnh Đắk Lắk" and province["level"] == "province"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("cu mgar", "24280"),
        ("Cư M'gar", "24280"),
        ("CƯ M’GAR", "24280"),
        ("cumgar", "24280"),
        ("xa cu mgar", "24280"),
        ("ea kao", "24169"),
        ("buon ma thuot", "24133"),
        ("Buôn Ma Thuột", "24133"),
    ],
)
def test_search_ignores_diacritics_case_apostrophes_and_prefixes(client, query, code):
    found = client.get("/api/v1/areas", params={"q": query}).json()
    assert found, query
    assert found[0]["code"] == code


def test_search_finds_villages_and_former_units_through_aliases(client):
    found = client.get("/api/v1/areas", params={"q": "phu yen"}).json()
    assert {"22240"} <= {a["code"] for a in found}  # Phường Phú Yên by name
    former = [a for a in found if a["matched"] == "alias"]
    assert former and all(a["alias"] == "Tỉnh Phú Yên (cũ)" for a in former)
    village = client.get("/api/v1/areas", params={"q": "buon ea kao"}).json()
    assert village[0]["name"] == "Buôn Ea Kao" and village[0]["parent_code"] == "24169"


def test_area_detail_lists_parent_chain_children_and_aliases(client):
    detail = client.get("/api/v1/areas/24169").json()
    assert [a["code"] for a in detail["ancestors"]] == ["66"]
    assert {c["name"] for c in detail["children"]} >= {"Buôn Ea Kao", "Thôn 1"}
    assert any(a["alias"] == "Thành phố Buôn Ma Thuột (cũ)" for a in detail["aliases"])


def test_unknown_area_is_404_in_vietnamese(client):
    response = client.get("/api/v1/areas/99999")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "99999" in response.json()["detail"]


def test_admin_adds_an_alias_for_a_former_district_and_search_uses_it(client, login):
    admin = login("admin", "admin-password-1")
    response = client.post(
        "/api/v1/areas/aliases",
        json={"alias": "Huyện Cư M'gar (cũ)", "area_codes": ["24280", "24277", "24265"]},
        headers=admin,
    )
    assert response.status_code == 201, response.text
    found = client.get("/api/v1/areas", params={"q": "huyen cu mgar"}).json()
    assert {a["code"] for a in found} >= {"24280", "24277", "24265"}


def test_editor_may_not_add_aliases_or_villages(client, login):
    editor = login("bientap.eakao")
    response = client.post("/api/v1/areas/aliases", json={"alias": "X", "area_codes": ["24169"]}, headers=editor)
    assert response.status_code == 403
    assert "Phường Ea Kao" in response.json()["detail"]
    response = client.post("/api/v1/areas", json={"parent_code": "24169", "name": "Thôn 9"}, headers=editor)
    assert response.status_code == 403


def test_admin_adds_a_village_with_a_generated_code(client, login):
    admin = login("admin", "admin-password-1")
    response = client.post(
        "/api/v1/areas", json={"parent_code": "24280", "name": "Ea Tiêu", "kind": "buôn"}, headers=admin
    )
    assert response.status_code == 201, response.text
    village = response.json()
    assert village["name"] == "Buôn Ea Tiêu" and village["code"].startswith("24280-")
    assert client.get("/api/v1/areas", params={"q": "ea tieu"}).json()[0]["code"] == village["code"]
    again = client.post(
        "/api/v1/areas", json={"parent_code": "24280", "name": "Buôn Ea Tiêu", "kind": "buôn"}, headers=admin
    )
    assert again.status_code == 409
