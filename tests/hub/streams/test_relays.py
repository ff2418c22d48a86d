"""Relays ("tiếp sóng"): an admin registers an upstream station and the recurring windows of a
commune's programme; devices of the commune get the stream (mount URL and window) in their
manifest while the relay is not down; officials without the role are refused."""

from datetime import UTC, datetime, timedelta

import pytest

from devices.protocol import MANIFEST_PATH, Manifest
from hub.kit.time import VN_TZ
from hub.streams import service
from hub.streams.model import RelayState, RelayWindow
from tests.support.device_api import EA_KAO, add_device, bearer

ADMIN = ("admin", "admin-password-1")
PUBLIC = "http://radio.test:8001"


@pytest.fixture
def settings(make_settings):
    return make_settings(stream_public_url=PUBLIC)


def window_around(now: datetime, before: int = 5, after: int = 30) -> tuple[str, str]:
    local = now.astimezone(VN_TZ)
    return f"{local - timedelta(minutes=before):%H:%M}", f"{local + timedelta(minutes=after):%H:%M}"


def test_a_relay_window_reaches_the_manifest_of_the_communes_devices(client, login, hub):
    admin = login(*ADMIN)
    source = client.post(
        "/api/v1/relays",
        headers=admin,
        json={"name": "VOV1", "upstream_url": "http://vov.test/vov1", "area_code": "66"},
    )
    assert source.status_code == 201, source.text
    relay = source.json()
    assert relay["mount"] == f"/tiep-song-{relay['id']}.mp3" and relay["state"] == "idle"

    starts, ends = window_around(datetime.now(UTC))
    window = client.post(
        "/api/v1/relays/windows",
        headers=admin,
        json={"source_id": relay["id"], "area_code": EA_KAO, "starts": starts, "ends": ends},
    )
    assert window.status_code == 201, window.text
    assert window.json()["label"] == f"{starts}–{ends} hằng ngày"

    token = add_device(client, login("vanhanh.eakao"), "860000000000701")
    manifest = Manifest.model_validate_json(client.get(MANIFEST_PATH, headers=bearer(token)).content)
    now = datetime.now(UTC)
    [stream] = [s for s in manifest.streams if s.kind == "relay" and s.start <= now < s.end]
    assert stream.url == f"{PUBLIC}{relay['mount']}" and stream.title == "Tiếp sóng VOV1"
    assert all(s.end - s.start == stream.end - stream.start for s in manifest.streams)  # the same window each day
    assert f"{stream.start.astimezone(VN_TZ):%H:%M}" == starts

    # The upstream fails: the relay leaves the manifest (devices fall back to their schedule).
    with hub.database.uow() as uow:
        assert service.mark(uow, relay["id"], RelayState.DOWN, "Connection refused")
        uow.commit()
    again = Manifest.model_validate_json(client.get(MANIFEST_PATH, headers=bearer(token)).content)
    assert not again.streams


def test_only_admins_of_the_area_set_relays_and_bad_input_is_told_in_vietnamese(client, login):
    editor = login("bientap.eakao")
    refused = client.post(
        "/api/v1/relays",
        headers=editor,
        json={"name": "VOV1", "upstream_url": "http://vov.test/a", "area_code": EA_KAO},
    )
    assert refused.status_code == 403

    admin = login(*ADMIN)
    bad_url = client.post(
        "/api/v1/relays", headers=admin, json={"name": "VOV1", "upstream_url": "file:///etc/passwd", "area_code": "66"}
    )
    assert bad_url.status_code == 422 and "địa chỉ luồng" in bad_url.json()["detail"]
    made = client.post(
        "/api/v1/relays", headers=admin, json={"name": "VOV1", "upstream_url": "http://vov.test/a", "area_code": "66"}
    ).json()
    same = client.post(
        "/api/v1/relays/windows",
        headers=admin,
        json={"source_id": made["id"], "area_code": EA_KAO, "starts": "05:45", "ends": "05:45"},
    )
    assert same.status_code == 422 and "khác giờ bắt đầu" in same.json()["detail"]
    wrong = client.post(
        "/api/v1/relays/windows",
        headers=admin,
        json={"source_id": made["id"], "area_code": EA_KAO, "starts": "25:00", "ends": "06:15"},
    )
    assert wrong.status_code == 422 and "HH:MM" in wrong.json()["detail"]


def test_windows_recur_on_their_weekdays_in_vietnams_time_and_may_cross_midnight():
    monday = datetime(2000, 1, 3, tzinfo=VN_TZ)  # any Monday: only its weekday matters
    assert monday.isoweekday() == 1
    window = RelayWindow.create(1, 1, "x", "/x/", "23:30", "00:30", [1])
    found = window.occurrences(monday.astimezone(UTC), (monday + timedelta(days=7)).astimezone(UTC))
    assert [(s.astimezone(VN_TZ).isoweekday(), s.astimezone(VN_TZ).hour) for s, _ in found] == [(1, 23)]
    start, end = found[0]
    assert end - start == timedelta(hours=1)
    daily = RelayWindow.create(1, 1, "x", "/x/", "05:45", "06:15", [])
    assert len(daily.occurrences(monday.astimezone(UTC), (monday + timedelta(days=7)).astimezone(UTC))) == 7
