"""With `TTCS_MQTT_URL` set, an emergency reaches a player that polls only every five minutes: the
hub's "collect now" notice over a real Mosquitto broker wakes it."""

import json
import threading

import pytest

from devices.notices import connect
from tests.support.device_api import CU_MGAR, EA_KAO
from tests.support.players import Hub, Player, wait_for


@pytest.mark.slow
def test_an_emergency_reaches_a_slow_polling_player_through_mqtt(database_url, tmp_path, hubs, players, mosquitto):
    hub = Hub(database_url, tmp_path, TTCS_MQTT_URL=mosquitto).start()
    hubs.append(hub)
    operator, approver = hub.login("vanhanh.eakao"), hub.login("duyet.eakao")
    token = hub.api("POST", "/devices", operator, json={"imei": "EK-MQTT-1", "kind": "loudspeaker",
                                                        "area_code": EA_KAO}).json()["token"]  # fmt: skip
    manifest = hub.api("GET", "/device/manifest", {"Authorization": f"Bearer {token}"}).json()
    assert manifest["notify"]["topics"] == [
        "ttcs/device/EK-MQTT-1/notify",
        "ttcs/area/66/notify",
        "ttcs/area/24169/notify",
    ]

    heard: list[tuple[str, dict]] = []
    subscribed = threading.Event()
    listener = connect(mosquitto, ["ttcs/#"], lambda _c, _u, m: heard.append((m.topic, json.loads(m.payload))))
    listener.on_subscribe = lambda *_args: subscribed.set()
    subscribed.wait(10)

    player = Player(hub.url, token, tmp_path / "p", "--poll", "300").start()
    players.append(player)
    wait_for(lambda: player.cached_manifest(), 30, "first manifest")
    emergency = hub.api("POST", "/bulletins/emergency", approver, json={
        "title": "Khẩn cấp: lũ quét", "body": "Không đi qua ngầm tràn.", "category": "disaster_emergency",
        "target_codes": [EA_KAO],
    }).json()["id"]  # fmt: skip
    wait_for(lambda: player.started(emergency), 60, "the notice woke the player and it played the emergency")
    notices = [payload for topic, payload in heard if topic == "ttcs/area/24169/notify"]
    assert notices and any(n["emergency"] for n in notices)
    assert not any(topic == f"ttcs/area/{CU_MGAR}/notify" for topic, _ in heard)

    command = hub.api("POST", "/devices/EK-MQTT-1/commands", operator, json={"kind": "stop"})
    assert command.status_code == 201
    wait_for(lambda: any(t == "ttcs/device/EK-MQTT-1/notify" for t, _ in heard), 20, "a notice for the device")
    wait_for(lambda: hub.api("GET", "/devices/EK-MQTT-1/commands", operator).json()[0]["status"] == "done", 30,
             "the device ran the command at once")  # fmt: skip
    listener.disconnect()
    listener.loop_stop()
