"""Behind nginx, as production runs (issue 16, item 3): the hub decides who may have a bulletin's audio
and nginx sends the bytes (X-Accel-Redirect), so thousands of devices fetching an emergency's MP3 do
not pass through Python. A device and a citizen get the same file and headers as from the hub alone;
the store is not reachable without the hub's word."""

import hashlib

import httpx
import pytest

from tests.support.device_api import EA_KAO, bulletin
from tests.support.nginx import start_nginx
from tests.support.players import Hub, hubs, wait_for  # noqa: F401  # hubs: a fixture

pytestmark = pytest.mark.slow


def test_behind_nginx_the_hub_authorises_and_nginx_sends_the_audio(database_url, tmp_path, hubs):  # noqa: F811
    hub = Hub(database_url, tmp_path, TTCS_AUDIO_ACCEL_REDIRECT="/_ttcs_audio/")
    hubs.append(hub)
    hub.start()
    nginx = start_nginx(hub.url.removeprefix("http://"), tmp_path / "var")
    try:
        with httpx.Client(base_url=hub.url, timeout=30) as direct, httpx.Client(base_url=nginx.url, timeout=30) as edge:
            added = edge.post(
                "/api/v1/devices", headers=hub.login("vanhanh.eakao"),
                json={"imei": "860000000000777", "kind": "loudspeaker", "area_code": EA_KAO},
            )  # fmt: skip
            assert added.status_code == 201, added.text
            device = {"Authorization": f"Bearer {added.json()['token']}"}
            bid = bulletin(edge, hub.login("bientap.eakao"), hub.login("duyet.eakao"), title="Lịch tiêm phòng dại")
            url = f"/api/v1/device/audio/{bid}"
            wait_for(lambda: direct.get(url, headers=device).status_code == 200, 120, "the bulletin's audio is ready")

            told = direct.get(url, headers=device)  # the hub alone: it names the file, sends no bytes
            assert told.headers["x-accel-redirect"].startswith("/_ttcs_audio/") and told.content == b""
            sha = told.headers["etag"].strip('"')

            heard = edge.get(url, headers=device)
            assert heard.status_code == 200 and heard.headers["content-type"] == "audio/mpeg"
            assert hashlib.sha256(heard.content).hexdigest() == sha  # the very file, whole
            assert heard.headers["etag"] == told.headers["etag"]
            assert int(heard.headers["x-audio-duration-ms"]) > 0
            assert "x-accel-redirect" not in heard.headers
            again = edge.get(url, headers={**device, "If-None-Match": heard.headers["etag"]})
            assert again.status_code == 304 and again.content == b""

            # The citizen's portal player: the content-addressed public file, through nginx too.
            public = edge.get(f"/api/v1/audio/files/{sha}.mp3")
            assert public.status_code == 200 and hashlib.sha256(public.content).hexdigest() == sha
            assert "immutable" in public.headers["cache-control"]

            # Without the hub's word nothing is sent: a stranger, a guessed store path.
            assert edge.get(url).status_code == 401
            assert edge.get(url, headers={"Authorization": "Bearer not-a-device"}).status_code == 401
            store_path = told.headers["x-accel-redirect"]
            assert edge.get(store_path).status_code == 404
    finally:
        nginx.stop()
