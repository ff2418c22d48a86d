"""Open311 GeoReport v2 as civic applications use it: services and their definitions, filing and
reading requests in JSON and XML, tokens, errors in Open311's own format, optional API keys."""

from xml.etree import ElementTree

from tests.support.feedback import CU_MGAR, EA_KAO


def test_services_list_every_category_in_json_and_xml(client):
    services = client.get("/open311/v2/services.json").json()
    codes = {s["service_code"]: s for s in services}
    assert codes["infrastructure"]["service_name"] == "Hạ tầng, giao thông, điện, nước"
    assert codes["infrastructure"]["type"] == "realtime" and codes["infrastructure"]["metadata"] is True
    xml = client.get("/open311/v2/services.xml")
    assert xml.headers["content-type"].startswith("text/xml")
    root = ElementTree.fromstring(xml.content)
    assert root.tag == "services" and len(root.findall("service")) == len(services)
    assert root.find("service/service_name").text == services[0]["service_name"]


def test_a_service_definition_names_its_attributes(client):
    definition = client.get("/open311/v2/services/administrative_procedure.json").json()
    attributes = {a["code"]: a for a in definition["attributes"]}
    assert attributes["consent"]["required"] is True  # this category needs a name and a phone
    assert [v["key"] for v in attributes["consent"]["values"]] == ["yes", "no"]
    xml = ElementTree.fromstring(client.get("/open311/v2/services/environment.xml").content)
    assert xml.tag == "service_definition" and xml.find("attributes/attribute/code").text == "area_code"
    missing = client.get("/open311/v2/services/roads.json")
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404


def test_filing_in_xml_finds_the_commune_from_the_address_and_answers_in_xml(client):
    response = client.post(
        "/open311/v2/requests.xml",
        data={"service_code": "environment", "description": "Bãi rác tự phát.", "address_string": "xã Cư M'gar"},
    )
    assert response.status_code == 200, response.text
    request = ElementTree.fromstring(response.content).find("request")
    code, token = request.find("service_request_id").text, request.find("token").text
    [seen] = client.get(f"/open311/v2/requests/{code}.json").json()
    assert seen["address_id"] == CU_MGAR and seen["agency_responsible"] == "UBND Xã Cư M’gar"
    assert seen["status"] == "open" and seen["description"] is None
    [mine] = client.get(f"/open311/v2/requests/{code}.json", params={"token": token}).json()
    assert mine["description"] == "Bãi rác tự phát."


def test_listing_requests_filters_by_service_and_status_and_hides_denunciations(client, login):
    open_one = client.post(
        "/open311/v2/requests.json",
        data={"service_code": "broadcast", "description": "Loa không phát.", "address_id": EA_KAO},
    ).json()[0]["service_request_id"]
    secret = client.post(
        "/open311/v2/requests.json",
        data={"service_code": "broadcast", "description": "Tố cáo cán bộ nhận hối lộ.", "address_id": EA_KAO},
    ).json()[0]["service_request_id"]
    client.post(
        f"/api/v1/feedback/{secret}/classification",
        json={"classification": "complaint"},
        headers=login("bientap.eakao"),
    )
    listed = client.get("/open311/v2/requests.json", params={"service_code": "broadcast", "status": "open"}).json()
    ids = [r["service_request_id"] for r in listed]
    assert open_one in ids and secret not in ids
    assert all(r["status"] == "open" and r["service_code"] == "broadcast" for r in listed)
    by_id = client.get("/open311/v2/requests.json", params={"service_request_id": f"{open_one},PA-1999-000001"}).json()
    assert [r["service_request_id"] for r in by_id] == [open_one]


def test_errors_are_open311_errors_in_the_format_asked(client):
    missing = client.post("/open311/v2/requests.json", data={"description": "Thiếu lĩnh vực."})
    assert missing.status_code == 400
    assert missing.json() == [{"code": 400, "description": "Thiếu service_code (lĩnh vực phản ánh)."}]
    empty = client.post("/open311/v2/requests.xml", data={"service_code": "environment", "description": ""})
    error = ElementTree.fromstring(empty.content).find("error")
    assert empty.status_code == 400 and error.find("description").text.startswith("Nội dung phản ánh không được")
    elsewhere = client.get("/open311/v2/services.json", params={"jurisdiction_id": "hanoi.gov.vn"})
    assert elsewhere.status_code == 404 and "“66”" in elsewhere.json()[0]["description"]
    assert client.get("/open311/v2/services.csv").status_code == 404
    unknown = client.get("/open311/v2/requests/PA-2026-999999.json")
    assert unknown.status_code == 404 and "PA-2026-999999" in unknown.json()[0]["description"]
    photo = client.post(
        "/open311/v2/requests.json",
        data={"service_code": "environment", "description": "Có ảnh"},
        files={"media": ("anh.png", b"not really a picture", "image/png")},
    )
    assert photo.status_code == 400 and "không phải ảnh" in photo.json()[0]["description"]


def test_an_api_key_is_required_when_the_setting_says_so(make_settings):
    from fastapi.testclient import TestClient

    from hub.app import create_app
    from hub.bootstrap import build_hub

    settings = make_settings(open311_require_api_key=True, open311_api_keys="app-one-key,app-two-key")
    with TestClient(create_app(settings, hub=build_hub(settings))) as client:
        body = {"service_code": "environment", "description": "Khói đốt rác.", "address_id": EA_KAO}
        refused = client.post("/open311/v2/requests.json", data=body)
        assert refused.status_code == 403 and "api_key" in refused.json()[0]["description"]
        assert client.post("/open311/v2/requests.json", data={**body, "api_key": "wrong"}).status_code == 403
        assert client.post("/open311/v2/requests.json", data={**body, "api_key": "app-two-key"}).status_code == 200
        assert client.get("/open311/v2/services.json").status_code == 200  # reading needs no key


def test_the_same_application_account_is_one_citizen(client, login):
    body = {"service_code": "environment", "address_id": EA_KAO, "account_id": "user-42", "email": "a@example.vn"}
    first = client.post("/open311/v2/requests.json", data={**body, "description": "Khói đốt rác lần 1."}).json()[0]
    second = client.post("/open311/v2/requests.json", data={**body, "description": "Khói đốt rác lần 2."}).json()[0]
    leader = login("duyet.eakao")
    a = client.get(f"/api/v1/feedback/{first['service_request_id']}", headers=leader).json()["contact"]
    b = client.get(f"/api/v1/feedback/{second['service_request_id']}", headers=leader).json()["contact"]
    assert a == b and a["channel"] == "open311"


def test_discovery_points_to_the_endpoint(client):
    found = client.get("/open311/discovery.json").json()
    assert found["endpoints"][0]["url"].endswith("/open311/v2")


def test_a_flood_from_one_application_is_limited_in_open311_format_and_earlier_requests_are_kept(make_settings):
    from fastapi.testclient import TestClient

    from hub.app import create_app
    from hub.bootstrap import build_hub

    settings = make_settings(feedback_rate_per_source=2)
    with TestClient(create_app(settings, hub=build_hub(settings))) as client:
        body = {"service_code": "environment", "address_id": EA_KAO}
        ids = [
            client.post("/open311/v2/requests.json", data={**body, "description": f"Khói lần {n}."}).json()[0][
                "service_request_id"
            ]
            for n in range(2)
        ]
        limited = client.post("/open311/v2/requests.json", data={**body, "description": "Khói lần 3."})
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
        assert "vẫn được giữ" in limited.json()[0]["description"]
        assert [
            r["service_request_id"]
            for r in client.get(f"/open311/v2/requests.json?service_request_id={','.join(ids)}").json()
        ] == ids
