"""The manifest on the wire is the protocol model's own JSON: what the reference player parses
(`devices.protocol.Manifest.model_validate_json`, as `devices.agent` does) serialises back to the
very bytes the hub sent, and one route answers `GET /manifest` (documented, with ETag and 304)."""

import json

from devices.protocol import HEADER, MANIFEST_PATH, PROTOCOL_VERSION, Manifest
from hub.devices import device_api
from tests.support.device_api import EA_KAO, add_device, bearer, bulletin


def test_the_manifest_bytes_are_the_protocol_model_the_player_parses(client, login):
    operator = login("vanhanh.eakao")
    token = add_device(client, operator, "860000000000301")
    emergency = bulletin(
        client, login("bientap.eakao"), login("duyet.eakao"), title="Cảnh báo lũ quét khẩn cấp", priority="emergency"
    )

    sent = client.get(MANIFEST_PATH, headers=bearer(token))
    assert sent.status_code == 200 and sent.headers["content-type"] == "application/json"
    assert sent.headers[HEADER] == str(PROTOCOL_VERSION)
    parsed = Manifest.model_validate_json(sent.content)  # the player's parsing
    assert parsed.model_dump_json().encode() == sent.content  # byte for byte: nothing hand-built beside it

    raw = json.loads(sent.content)
    assert list(raw) == list(Manifest.model_fields)  # the keys, in the model's order
    assert raw["protocol"] == PROTOCOL_VERSION and raw["device_id"] == "860000000000301"
    assert raw["area_code"] == EA_KAO and raw["kind"] == "loudspeaker" and raw["notify"] is None
    # Protocol 1's time formats, as devices in the field have always received them.
    assert raw["server_time"].endswith("+00:00") and raw["horizon_start"].endswith("+00:00")
    [item] = [i for i in raw["items"] if i["bulletin_id"] == emergency and i["interrupt"]]  # and in every window
    assert item["priority"] == "emergency" and item["id"].startswith(f"b{emergency}r1!")
    assert item["start"].endswith("Z") and item["latest_start"].endswith("Z")
    assert emergency in [b["bulletin_id"] for b in raw["board"]]
    assert raw["ticker"].startswith(parsed.board[0].title)

    again = client.get(MANIFEST_PATH, headers={**bearer(token), "If-None-Match": sent.headers["etag"]})
    assert again.status_code == 304 and again.headers["etag"] == sent.headers["etag"] and not again.content


def test_one_route_answers_get_manifest_and_documents_it(client):
    manifests = [r for r in device_api.router.routes if getattr(r, "path", "").endswith("/manifest")]
    assert [r.path for r in manifests] == [MANIFEST_PATH]  # no second, undocumented handler beside it
    operation = client.get("/openapi.json").json()["paths"][MANIFEST_PATH]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/Manifest")
    assert {p["name"] for p in operation["parameters"]} == {"wait", "version"}


def test_a_bad_token_is_refused_before_a_bad_parameter(client):
    refused = client.get(f"{MANIFEST_PATH}?wait=nope", headers=bearer("not-a-token"))
    assert refused.status_code == 401 and refused.json()["code"] == "device_token_invalid"
