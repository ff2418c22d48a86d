"""The device protocol over HTTP, as a device and its operator see it: tokens, manifests with ETag,
heartbeats, play logs, commands, health — and the bad input the issue lists."""

from datetime import timedelta

from hub.devices import health
from hub.kit.time import utcnow
from tests.support.demo import PUBLISHED_PROVINCE
from tests.support.device_api import CU_MGAR, EA_KAO, add_device, bearer, beat, bulletin

MANIFEST = "/api/v1/device/manifest"


def test_a_registered_device_gets_its_manifest_once_and_then_not_modified(client, login):
    operator = login("vanhanh.eakao")
    token = add_device(client, operator, "860000000000101")
    listed = client.get("/api/v1/devices", headers=operator).json()
    assert "860000000000101" in [d["imei"] for d in listed]
    assert token not in str(listed)  # the token is shown once, at registration

    first = client.get(MANIFEST, headers=bearer(token))
    assert first.status_code == 200
    manifest = first.json()
    assert manifest["area_code"] == EA_KAO and manifest["area_codes"] == ["66", EA_KAO]
    assert manifest["server_time"] and manifest["horizon_end"] > manifest["horizon_start"]
    titles = {b["title"] for b in manifest["board"]}
    assert "Phòng chống sốt xuất huyết trong mùa mưa" in titles  # a priority bulletin of the ward
    assert PUBLISHED_PROVINCE in titles  # province-wide
    assert not any("Hòa Phú" in t for t in titles)  # withdrawn, and for another ward
    assert all(i["start"] < i["latest_start"] for i in manifest["items"])

    again = client.get(MANIFEST, headers={**bearer(token), "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_a_change_for_the_area_gives_a_new_manifest_and_another_commune_keeps_its_own(client, login):
    operator = login("vanhanh.eakao")
    ea_kao = add_device(client, operator, "860000000000102")
    cu_mgar = add_device(client, login("admin", "admin-password-1"), "860000000000103", area=CU_MGAR)
    tags = {t: client.get(MANIFEST, headers=bearer(t)).headers["etag"] for t in (ea_kao, cu_mgar)}
    bid = bulletin(client, login("bientap.eakao"), login("duyet.eakao"), title="Thông báo cắt nước ngày mai")

    changed = client.get(MANIFEST, headers={**bearer(ea_kao), "If-None-Match": tags[ea_kao]})
    assert changed.status_code == 200
    assert bid in [b["bulletin_id"] for b in changed.json()["board"]]
    assert client.get(MANIFEST, headers={**bearer(cu_mgar), "If-None-Match": tags[cu_mgar]}).status_code == 304


def test_bad_tokens_are_refused_and_rotation_replaces_the_token(client, login):
    operator = login("vanhanh.eakao")
    token = add_device(client, operator, "860000000000104")
    assert client.get(MANIFEST).status_code == 401
    assert client.get(MANIFEST, headers=bearer("ttcsd_not-a-real-token")).status_code == 401

    rotated = client.post("/api/v1/devices/860000000000104/rotate", headers=operator)
    assert rotated.status_code == 200
    new = rotated.json()["token"]
    assert client.get(MANIFEST, headers=bearer(token)).status_code == 401
    assert client.get(MANIFEST, headers=bearer(new)).status_code == 200

    revoked = client.post(
        "/api/v1/devices/860000000000104/revoke", json={"reason": "Thiết bị bị mất"}, headers=operator
    )
    assert revoked.json()["state"] == "revoked"
    refused = client.post("/api/v1/device/heartbeat", json=beat("860000000000104"), headers=bearer(new))
    assert refused.status_code == 401
    assert refused.json()["code"] == "device_token_invalid"


def test_heartbeats_for_another_device_and_malformed_ones_are_refused_and_the_schedule_stays(client, login):
    operator = login("vanhanh.eakao")
    token = add_device(client, operator, "860000000000105")
    add_device(client, operator, "860000000000106")
    other = client.post("/api/v1/device/heartbeat", json=beat("860000000000106"), headers=bearer(token))
    assert other.status_code == 403
    assert "860000000000106" in other.json()["detail"]

    for bad in (
        {**beat("860000000000105"), "volume": 250},
        {**beat("860000000000105"), "sent_at": "hôm qua"},
        {**beat("860000000000105"), "operating_state": "dancing"},
        {**beat("860000000000105"), "unknown_field": 1},
    ):
        response = client.post("/api/v1/device/heartbeat", json=bad, headers=bearer(token))
        assert response.status_code == 422, bad
    assert client.get(MANIFEST, headers=bearer(token)).status_code == 200  # the device keeps its schedule

    ok = client.post(
        "/api/v1/device/heartbeat", json=beat("860000000000105", alarms=["speaker_line_fault"]), headers=bearer(token)
    )
    assert ok.status_code == 200 and ok.json()["state"] == "online"
    device = client.get("/api/v1/devices/860000000000105", headers=operator).json()
    assert device["state"] == "online" and device["status"]["connection"] == "4G,-71dbm"
    assert device["status"]["gps"] == {"lat": 12.629, "lon": 108.083}
    alerts = client.get("/api/v1/devices/alerts", headers=operator).json()
    assert [(a["imei"], a["kind"]) for a in alerts] == [("860000000000105", "speaker_line_fault")]


def test_play_logs_are_idempotent(client, login):
    operator = login("vanhanh.eakao")
    token = add_device(client, operator, "860000000000107")
    start = utcnow().replace(microsecond=0)
    entries = [
        {
            "item_id": f"b1r1@{i}",
            "bulletin_id": 1,
            "start": (start + timedelta(minutes=i)).isoformat(),
            "end": (start + timedelta(minutes=i, seconds=40)).isoformat(),
            "result": "played",
        }
        for i in range(3)
    ]
    batch = {"device_id": "860000000000107", "entries": entries}
    first = client.post("/api/v1/device/playlog", json=batch, headers=bearer(token))
    assert first.json() == {"accepted": 3, "duplicates": 0}
    second = client.post("/api/v1/device/playlog", json=batch, headers=bearer(token))  # the answer was lost
    assert second.json() == {"accepted": 0, "duplicates": 3}
    logs = client.get("/api/v1/devices/860000000000107/playlog", headers=operator).json()
    assert len(logs) == 3 and {entry["result"] for entry in logs} == {"played"}
    bad = {"device_id": "860000000000107", "entries": [{**entries[0], "result": "maybe"}]}
    assert client.post("/api/v1/device/playlog", json=bad, headers=bearer(token)).status_code == 422


def test_commands_are_queued_fetched_and_acknowledged(client, login):
    operator = login("vanhanh.eakao")
    token = add_device(client, operator, "860000000000108")
    etag = client.get(MANIFEST, headers=bearer(token)).headers["etag"]
    queued = client.post(
        "/api/v1/devices/860000000000108/commands", json={"kind": "volume", "args": {"volume": 40}}, headers=operator
    )
    assert queued.status_code == 201
    changed = client.get(MANIFEST, headers={**bearer(token), "If-None-Match": etag})
    assert changed.status_code == 200 and changed.json()["pending_commands"] == 1
    commands = client.get("/api/v1/device/commands", headers=bearer(token)).json()
    assert [(c["kind"], c["args"]) for c in commands] == [("volume", {"volume": 40})]
    ack = {"device_id": "860000000000108", "acks": [{"id": commands[0]["id"], "result": "done"}]}
    assert client.post("/api/v1/device/commands/ack", json=ack, headers=bearer(token)).json() == {"acknowledged": 1}
    assert client.get("/api/v1/device/commands", headers=bearer(token)).json() == []
    assert client.get("/api/v1/devices/860000000000108", headers=operator).json()["volume"] == 40
    history = client.get("/api/v1/devices/860000000000108/commands", headers=operator).json()
    assert history[0]["status"] == "done"
    bad = client.post("/api/v1/devices/860000000000108/commands", json={"kind": "volume"}, headers=operator)
    assert bad.status_code == 422


def test_operators_act_only_in_their_area(client, login):
    operator = login("vanhanh.eakao")
    refused = client.post(
        "/api/v1/devices",
        json={"imei": "860000000000109", "kind": "loudspeaker", "area_code": CU_MGAR},
        headers=operator,
    )
    assert refused.status_code == 403 and "Cư M’gar" in refused.json()["detail"]
    add_device(client, operator, "860000000000110")
    again = client.post(
        "/api/v1/devices",
        json={"imei": "860000000000110", "kind": "loudspeaker", "area_code": EA_KAO},
        headers=operator,
    )
    assert again.status_code == 409


def test_silent_devices_go_offline_and_their_operators_are_alerted(client, login, hub):
    operator = login("vanhanh.eakao")
    token = add_device(client, operator, "860000000000111")
    client.post("/api/v1/device/heartbeat", json=beat("860000000000111"), headers=bearer(token))
    with hub.database.uow() as uow:
        marked = health.sweep(uow, timedelta(seconds=300), now=utcnow() + timedelta(minutes=10))
        uow.commit()
    assert marked == ["860000000000111"]
    board = client.get("/api/v1/devices/dashboard", headers=operator).json()
    assert board["counts"]["offline"] == 1 and board["labels"]["offline"] == "Mất kết nối"
    alerts = client.get("/api/v1/devices/alerts", headers=operator).json()
    assert alerts[0]["kind"] == "offline" and "không gửi tín hiệu" in alerts[0]["detail"]
    with hub.database.uow(write=False) as uow:
        assert any(e.action == "device.offline" for e in uow.audit.for_entity("device", "860000000000111"))
    # back online: the alert closes
    client.post("/api/v1/device/heartbeat", json=beat("860000000000111"), headers=bearer(token))
    assert client.get("/api/v1/devices/alerts", headers=operator).json() == []
