"""Content types 5 (live) and 6 (FM relay) from a provincial source system: the bulletin's link is
a stream, which the hub relays (through its own Icecast mount) on the loudspeakers of the targeted
communes at the bulletin's start and end times; cancelling the bulletin removes the relay; a stream
bulletin without end times is refused naming the field."""

from datetime import datetime, timedelta

import pytest

from devices.protocol import MANIFEST_PATH, Manifest
from hub.kit.time import VN_TZ
from tests.hub.exchange.conftest import NGUON
from tests.support.device_api import add_device, bearer
from tests.support.source_system import bulletin_message

EA_KAO = "24169"
STREAM = "http://dai-tinh.test/fm.mp3"


@pytest.fixture
def settings(make_settings):
    return make_settings(stream_public_url="http://radio.test:8001")


def _streamed(ban_tin: str, kind: int, times: list[str], **extra) -> dict:
    start = datetime.now(VN_TZ).replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    message = bulletin_message(NGUON, ban_tin, start, start + timedelta(days=3), link=None, targets=[EA_KAO],
                               times=times, days=[], kind=1, title="Tiếp sóng Đài tỉnh", **extra)  # fmt: skip
    message["NoiDung"] = {"Link": STREAM, "LoaiNoiDung": kind, "tanso": 0, "thoigian": 1800, "order": 1}
    return message


@pytest.mark.parametrize("kind", [5, 6])
def test_a_streamed_bulletin_becomes_a_relay_of_the_targeted_communes(client, partner, login, kind):
    headers, admin = partner(), login("admin", "admin-password-1")
    answer = client.post("/api/nguon/v1/ban-tin", json=_streamed(f"BT-S-{kind}", kind, ["05:45:00.000000"]),
                         headers=headers)  # fmt: skip
    assert answer.status_code == 200 and answer.json()["TrangThaiGui"] == 0, answer.text

    [relay] = [r for r in client.get("/api/v1/relays", headers=admin).json() if r["upstream_url"] == STREAM]
    windows = client.get(f"/api/v1/relays/windows?area={EA_KAO}", headers=admin).json()
    [window] = [w for w in windows if w["source_id"] == relay["id"]]
    assert (window["starts"], window["ends"]) == ("05:45", "05:46")  # ThoiDiemKetThuc: one minute later

    token = add_device(client, login("vanhanh.eakao"), f"86000000000080{kind}")
    manifest = Manifest.model_validate_json(client.get(MANIFEST_PATH, headers=bearer(token)).content)
    assert manifest.streams and all(s.url.endswith(relay["mount"]) for s in manifest.streams)
    assert all(f"{s.start.astimezone(VN_TZ):%H:%M}" == "05:45" for s in manifest.streams)

    cancel = {"NguonId": NGUON, "BanTinId": f"BT-S-{kind}"}
    assert client.post("/api/nguon/v1/ban-tin/huy", json=cancel, headers=headers).json()["TrangThaiGui"] == 0
    assert not [w for w in client.get("/api/v1/relays/windows", headers=admin).json() if w["source_id"] == relay["id"]]
    again = Manifest.model_validate_json(client.get(MANIFEST_PATH, headers=bearer(token)).content)
    assert not again.streams


def test_a_streamed_bulletin_needs_end_times(client, partner):
    message = _streamed("BT-S-NOEND", 6, ["05:45:00.000000"])
    del message["LichPhat"]["ThoiDiemKetThuc"]
    answer = client.post("/api/nguon/v1/ban-tin", json=message, headers=partner())
    body = answer.json()
    assert body["TrangThaiGui"] != 0 and "ThoiDiemKetThuc" in str(body), body
    assert "kết thúc" in body["MoTa"]
