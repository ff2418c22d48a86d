"""`ttcs device bulk` and `ttcs simulate`: a small fleet polls a real hub with ETags and prints JSON."""

import json
import subprocess

import pytest

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
