"""`ttcs device bulk` and `ttcs simulate`: a small fleet polls a real hub with ETags and prints JSON."""

import json
import subprocess
from datetime import UTC, datetime

import pytest
from paho.mqtt.client import MQTTMessage

from devices.protocol import MANIFEST_PATH, Notice
from devices.simulator import Fleet
from tests.support.players import Hub
from tests.support.server import ROOT, TTCS


@pytest.mark.slow
def test_a_simulated_fleet_polls_with_etags(database_url, tmp_path, hubs):
    hub = Hub(database_url, tmp_path).start()
    hubs.append(hub)
    env = {**hub.server.env}
    tokens = tmp_path / "tokens.txt"
    made = subprocess.run(
        [TTCS, "device", "bulk", "--count", "20", "--area", "24169", "--area", "24280", "--tokens-out", str(tokens)],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "20 thiết bị" in made.stdout and len(tokens.read_text().split()) == 20
    run = subprocess.run(
        [TTCS, "simulate", "--hub", hub.url, "--tokens", str(tokens), "--mode", "poll", "--interval", "0.5",
         "--seconds", "4", "--heartbeat", "1"],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    figures = json.loads(run.stdout)
    assert figures["devices"] == 20 and figures["errors"] == 0
    assert figures["statuses"]["200"] >= 20 and figures["statuses"]["304"] > 0  # each device once, then not modified
    listed = hub.api("GET", "/devices", hub.login("vanhanh.eakao"), params={"state": "online"}).json()
    assert len([d for d in listed if d["imei"].startswith("SIM-")]) == 10  # Ea Kao's half, heartbeating


def test_a_notified_device_asks_for_the_notices_version() -> None:
    """The protocol: after an MQTT notice, fetch with ?version=<the notice's version>, so a hub
    process that has not read the change yet reads it before answering (two processes behind nginx)."""
    fleet = Fleet("http://127.0.0.1:9", ["token"], mode="mqtt")
    fleet._topics["ttcs/area/66/notify"] = {0}
    message = MQTTMessage(topic=b"ttcs/area/66/notify")
    message.payload = Notice(emergency=True, version=41, sent_at=datetime.now(UTC)).model_dump_json().encode()
    assert fleet.manifest_path(0, waiting=False) == MANIFEST_PATH
    fleet._on_notice(None, None, message)
    assert fleet.manifest_path(0, waiting=False) == f"{MANIFEST_PATH}?version=41"
