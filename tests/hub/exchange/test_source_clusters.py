"""A provincial source system signs in and manages its loudspeaker clusters (messages 1, 2, 4), in
the format's own words; every refusal names the field."""

from hub.devices import service as devices
from tests.hub.exchange.conftest import NGUON


def test_sign_in_gives_a_token_only_to_a_partner_with_the_right_password(client, partner, login):
    headers = partner()
    assert headers["Authorization"].startswith("Bearer ")
    wrong = client.post("/api/nguon/v1/dang-nhap", json={"TenDangNhap": "nguon.66", "MatKhau": "sai"})
    assert wrong.status_code == 401
    assert wrong.json()["TrangThaiGui"] == 2 and "không đúng" in wrong.json()["MoTa"]
    missing = client.post("/api/nguon/v1/dang-nhap", json={"TenDangNhap": "nguon.66"})
    assert missing.json()["TruongLoi"] == "MatKhau" and "Thiếu trường MatKhau" in missing.json()["MoTa"]
    # An official's account is not a source system's, even with the right password.
    official = client.post("/api/nguon/v1/dang-nhap", json={"TenDangNhap": "duyet.tinh", "MatKhau": "ttcs-demo-2026"})
    assert official.status_code == 401
    # Nor does an official's API token open the source endpoints.
    answer = client.post(
        "/api/nguon/v1/ban-tin/huy", json={"NguonId": NGUON, "BanTinId": "x"}, headers=login("duyet.tinh")
    )
    assert answer.status_code == 403 and answer.json()["TrangThaiGui"] == 3
    unsigned = client.post("/api/nguon/v1/ban-tin/huy", json={"NguonId": NGUON, "BanTinId": "x"})
    assert unsigned.status_code == 401 and unsigned.json()["TrangThaiGui"] == 2


def test_register_a_cluster_set_its_area_and_volume(client, partner, hub):
    headers = partner()
    register = {"NguonId": NGUON, "CumLoaId": "860099000000001", "MaXacThuc": 482913}
    first = client.post("/api/nguon/v1/cum-loa/dang-ky", json=register, headers=headers)
    assert first.status_code == 200 and first.json()["TrangThaiGui"] == 0, first.text
    assert first.json()["MaTruyCapThietBi"].startswith("ttcsd_")  # the device's token, shown once
    again = client.post("/api/nguon/v1/cum-loa/dang-ky", json=register, headers=headers)
    # A repeated message is handled once, with the same answer — but the device token is shown only once.
    assert again.json() == {k: v for k, v in first.json().items() if k != "MaTruyCapThietBi"}
    other_code = client.post("/api/nguon/v1/cum-loa/dang-ky", json={**register, "MaXacThuc": 111111}, headers=headers)
    assert other_code.status_code == 409 and other_code.json()["TruongLoi"] == "MaXacThuc"

    area = {"NguonId": NGUON, "CumLoaId": "860099000000001", "DiaBanQuanLy": "24169"}
    assert client.post("/api/nguon/v1/cum-loa/dia-ban", json=area, headers=headers).json()["TrangThaiGui"] == 0
    unknown = client.post("/api/nguon/v1/cum-loa/dia-ban", json={**area, "DiaBanQuanLy": "99999"}, headers=headers)
    assert unknown.status_code == 404
    assert unknown.json()["TruongLoi"] == "DiaBanQuanLy" and "99999" in unknown.json()["MoTa"]

    volume = {"NguonId": NGUON, "CumLoaId": "860099000000001", "AmLuong": 35}
    assert client.post("/api/nguon/v1/cum-loa/am-luong", json=volume, headers=headers).json()["TrangThaiGui"] == 0
    loud = client.post("/api/nguon/v1/cum-loa/am-luong", json={**volume, "AmLuong": 150}, headers=headers)
    assert loud.status_code == 422 and loud.json()["TruongLoi"] == "AmLuong"
    text = client.post("/api/nguon/v1/cum-loa/am-luong", json={**volume, "AmLuong": "to"}, headers=headers)
    assert text.status_code == 422 and text.json()["TruongLoi"] == "AmLuong"

    with hub.database.uow(write=False) as uow:
        device = devices.repo(uow).by_imei("860099000000001")
        assert (device.area_code, device.volume) == ("24169", 35)


def test_a_cluster_of_another_source_or_an_unregistered_one_is_refused(client, partner):
    headers = partner()
    stranger = {"NguonId": "67", "CumLoaId": "860099000000002", "MaXacThuc": 1}
    answer = client.post("/api/nguon/v1/cum-loa/dang-ky", json=stranger, headers=headers)
    assert answer.status_code == 403 and answer.json()["TruongLoi"] == "NguonId"
    missing = client.post(
        "/api/nguon/v1/cum-loa/am-luong", json={"NguonId": NGUON, "CumLoaId": "860099000000009", "AmLuong": 10},
        headers=headers,
    )  # fmt: skip
    assert missing.status_code == 404 and missing.json()["TruongLoi"] == "CumLoaId"
    no_field = client.post("/api/nguon/v1/cum-loa/dang-ky", json={"NguonId": NGUON, "CumLoaId": "X1"}, headers=headers)
    assert no_field.status_code == 422 and no_field.json()["TruongLoi"] == "MaXacThuc"
    not_json = client.post("/api/nguon/v1/cum-loa/dang-ky", content=b"{oops", headers=headers)
    assert not_json.status_code == 422 and not_json.json()["TrangThaiGui"] == 1
