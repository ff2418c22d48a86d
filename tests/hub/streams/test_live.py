"""Live broadcasts ("phát trực tiếp"): an approver starts one for chosen areas; the devices of
those areas (and of the villages inside) get its stream at once, an emergency one interrupting;
stopping it takes it out of their manifests; others are refused; the pages work."""

from datetime import UTC, datetime, timedelta

import pytest
from starlette.websockets import WebSocketDisconnect

from devices.protocol import MANIFEST_PATH, PLAYLOG_PATH, Manifest
from tests.support.device_api import CU_MGAR, EA_KAO, add_device, bearer
from tests.support.web import text_of

PUBLIC = "http://radio.test:8001"


@pytest.fixture
def settings(make_settings):
    return make_settings(stream_public_url=PUBLIC)


def _streams(client, token):
    return Manifest.model_validate_json(client.get(MANIFEST_PATH, headers=bearer(token)).content).streams


def test_a_live_broadcast_reaches_the_chosen_areas_until_it_stops(client, login):
    approver, operator = login("duyet.eakao"), login("vanhanh.eakao")
    here = add_device(client, operator, "860000000000901", f"{EA_KAO}-001")  # a village of Ea Kao
    elsewhere = add_device(client, login("admin", "admin-password-1"), "860000000000902", CU_MGAR)
    assert not _streams(client, here)

    answer = client.post("/api/v1/live", headers=approver, json={"area_codes": [EA_KAO], "interrupt": True})
    assert answer.status_code == 201, answer.text
    started = answer.json()
    broadcast = started["broadcast"]
    assert started["ingest_url"].startswith(f"/api/v1/live/{broadcast['id']}/ingest?key=")
    [stream] = _streams(client, here)
    assert stream.kind == "live" and stream.interrupt and stream.priority == "emergency"
    assert stream.url == f"{PUBLIC}/truc-tiep-{broadcast['id']}.mp3"
    assert not _streams(client, elsewhere)

    with (
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect(f"/api/v1/live/{broadcast['id']}/ingest?key=nope") as ws,
    ):
        ws.receive_bytes()

    stopped = client.post(f"/api/v1/live/{broadcast['id']}/stop", headers=approver)
    assert stopped.status_code == 200 and not stopped.json()["live"]
    assert not _streams(client, here)
    again = client.post(f"/api/v1/live/{broadcast['id']}/stop", headers=approver)
    assert again.status_code == 409 and "đã kết thúc" in again.json()["detail"]

    trail = client.get("/api/v1/audit?entity_type=live&limit=10", headers=login("admin", "admin-password-1")).json()
    assert {r["action"] for r in trail} >= {"live.start", "live.stop"}


def test_only_approvers_of_every_chosen_area_go_live(client, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    refused = client.post("/api/v1/live", headers=editor, json={"area_codes": [EA_KAO]})
    assert refused.status_code == 403
    outside = client.post("/api/v1/live", headers=approver, json={"area_codes": [EA_KAO, CU_MGAR]})
    assert outside.status_code == 403
    empty = client.post("/api/v1/live", headers=approver, json={"area_codes": [" "]})
    assert empty.status_code == 422 and "ít nhất một" in empty.json()["detail"]


def test_the_live_and_relay_pages(browser):
    approver = browser("duyet.eakao")
    page = approver.get("/quan-tri/truc-tiep")
    assert page.status_code == 200 and "Phát trực tiếp" in text_of(page.text)
    assert 'value="24169"' in page.text
    relays = approver.get("/quan-tri/tiep-song")
    assert relays.status_code == 200 and "Chưa có nguồn tiếp sóng nào" in text_of(relays.text)


def test_minutes_live_and_relayed_are_counted_from_the_play_logs(client, login, browser):
    token = add_device(client, login("vanhanh.eakao"), "860000000000903")
    now = datetime.now(UTC).replace(microsecond=0)
    entries = [
        {"item_id": "live:7", "start": (now - timedelta(minutes=10)).isoformat(),
         "end": (now - timedelta(minutes=7)).isoformat(), "result": "stopped", "detail": "live"},
        {"item_id": "relay:3:x", "start": (now - timedelta(minutes=6)).isoformat(),
         "end": (now - timedelta(minutes=1)).isoformat(), "result": "played", "detail": "relay"},
    ]  # fmt: skip
    sent = client.post(PLAYLOG_PATH, headers=bearer(token), json={"device_id": "860000000000903", "entries": entries})
    assert sent.status_code == 200, sent.text
    page = text_of(browser("duyet.eakao").get("/quan-tri/truc-tiep").text)
    assert "phát trực tiếp 3 phút và tiếp sóng 5 phút" in page
