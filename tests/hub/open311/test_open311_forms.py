"""Open311 as the README shows it: raw UTF-8 form bodies (curl -d) and percent-encoded ones read
alike; comma-separated service codes; an unknown status is an error, not ignored."""

from urllib.parse import quote_plus

from tests.support.feedback import EA_KAO

TEXT = "Ổ gà lớn ở Thôn 3"
FORM = {"content-type": "application/x-www-form-urlencoded"}


def _mine(client, filed) -> dict:
    assert filed.status_code == 200, filed.text
    [answer] = filed.json()
    code, token = answer["service_request_id"], answer["token"]
    [mine] = client.get(f"/open311/v2/requests/{code}.json", params={"token": token}).json()
    return mine


def test_a_raw_utf8_body_as_curl_sends_it_is_read_as_utf8(client):
    body = f"service_code=infrastructure&address_id={EA_KAO}&description={TEXT}".encode()
    mine = _mine(client, client.post("/open311/v2/requests.json", content=body, headers=FORM))
    assert mine["description"] == TEXT


def test_a_percent_encoded_body_reads_the_same(client):
    body = f"service_code=infrastructure&address_id={EA_KAO}&description={quote_plus(TEXT)}".encode("ascii")
    mine = _mine(client, client.post("/open311/v2/requests.json", content=body, headers=FORM))
    assert mine["description"] == TEXT


def test_a_comma_separated_service_code_list_finds_both_services(client):
    filed = {}
    for code in ("broadcast", "environment"):
        data = {"service_code": code, "description": f"Phản ánh {code}.", "address_id": EA_KAO}
        filed[code] = client.post("/open311/v2/requests.json", data=data).json()[0]["service_request_id"]
    listed = client.get("/open311/v2/requests.json", params={"service_code": "broadcast,environment"}).json()
    ids = {r["service_request_id"] for r in listed}
    assert set(filed.values()) <= ids
    assert {r["service_code"] for r in listed} <= {"broadcast", "environment"}


def test_an_unknown_status_is_a_400_with_an_error(client):
    for fmt in ("json", "xml"):
        answer = client.get(f"/open311/v2/requests.{fmt}", params={"status": "pending"})
        assert answer.status_code == 400, answer.text
    [error] = client.get("/open311/v2/requests.json", params={"status": "open,pending"}).json()
    assert error["code"] == 400 and "pending" in error["description"] and "open" in error["description"]
    assert client.get("/open311/v2/requests.json", params={"status": "open,closed"}).status_code == 200
