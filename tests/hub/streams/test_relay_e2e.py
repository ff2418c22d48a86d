"""A relay end to end with real processes: a local ffmpeg tone (the "provincial station") feeds an
upstream Icecast mount; the hub's relay supervisor pulls it into the hub's mount; a real `ttcs
speaker` of Phường Ea Kao plays it in its window, and what it played carries the station's tone.
When the upstream fails, the relay is marked down, the speaker goes back to its schedule and the
device operators are told."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text

from hub.kit.time import VN_TZ
from tests.support.device_api import EA_KAO
from tests.support.icecast import SOURCE_PASSWORD, Icecast
from tests.support.players import Hub, Player, wait_for
from tests.support.tones import ToneSource, dominant_frequency

TONE = 880


@pytest.mark.slow
def test_a_relayed_station_reaches_a_speaker_and_its_failure_falls_back(
    database_url, tmp_path, hubs, players, icecast: Icecast, tone_sources: list[ToneSource]
):
    station = ToneSource(icecast.source_url("/dai-tinh.ogg"), TONE, tmp_path / "station.log").start()
    tone_sources.append(station)
    wait_for(lambda: "dai-tinh.ogg" in icecast.mounts(), 20, "the station's mount")

    hub = Hub(
        database_url,
        tmp_path,
        TTCS_STREAM_SOURCE_URL=f"icecast://source:{SOURCE_PASSWORD}@127.0.0.1:{icecast.port}",
        TTCS_STREAM_PUBLIC_URL=icecast.url,
        TTCS_RELAY_LEAD_SECONDS="5",
    )
    hubs.append(hub)
    hub.server.start(timeout=180)  # a loaded machine: the hub may take long to answer
    admin, operator = hub.login("admin", "admin-password-1"), hub.login("vanhanh.eakao")
    relay = hub.api("POST", "/relays", admin, json={
        "name": "Đài tỉnh", "upstream_url": f"{icecast.url}/dai-tinh.ogg", "area_code": "66",
    }).json()  # fmt: skip
    local = datetime.now(UTC).astimezone(VN_TZ)
    starts, ends = local - timedelta(minutes=1), local + timedelta(minutes=10)
    window = {"source_id": relay["id"], "area_code": EA_KAO, "starts": f"{starts:%H:%M}", "ends": f"{ends:%H:%M}"}
    assert hub.api("POST", "/relays/windows", admin, json=window).status_code == 201

    mount = relay["mount"].lstrip("/")
    wait_for(lambda: mount in icecast.mounts(), 30, "the hub pulls the station into its mount")
    device = hub.api("POST", "/devices", operator, json={"imei": "RELAY-TEST-1", "kind": "loudspeaker",
                                                          "area_code": EA_KAO})  # fmt: skip
    speaker = Player(hub.url, device.json()["token"], tmp_path / "speaker").start()
    players.append(speaker)
    started = wait_for(
        lambda: [r for r in speaker.records() if r.get("event") == "start" and r.get("stream") == "relay"], 60,
        "the speaker plays the relay",
    )  # fmt: skip
    assert started[0]["url"] == f"{icecast.url}{relay['mount']}"
    wait_for(lambda: int(icecast.mounts()[mount].get("listeners", "0")) >= 1, 20, "the speaker listens")
    recording = next(r["file"] for r in speaker.records() if r.get("event") == "recording")

    # Let it play a few seconds, then the station goes silent: the upstream fails.
    wait_for(lambda: _size(recording) > 16000 * 2 * 4, 30, "four seconds played")
    station.stop()
    ended = wait_for(
        lambda: [r for r in speaker.records() if r.get("event") == "end" and r.get("item") == started[0]["item"]],
        30, "the relay stops on the speaker",
    )  # fmt: skip
    assert ended[0]["result"] in ("failed", "stopped")
    assert abs(dominant_frequency(_path(recording)) - TONE) < 10  # the station's tone went through

    # The relay is marked down: its window leaves the manifest and the device operators are told.
    wait_for(lambda: _relay(hub, admin, relay["id"])["state"] == "down", 60, "the relay is marked down")
    wait_for(lambda: not speaker.cached_manifest().get("streams"), 30, "the speaker's manifest has no stream")
    engine = create_engine(database_url)

    def notices() -> list[str]:  # a job writes them (so they survive a crash): they follow the state
        with engine.connect() as conn:
            query = text("SELECT text FROM message WHERE reference = :r")
            return list(conn.execute(query, {"r": f"relay:{relay['id']}"}).scalars().all())

    try:
        told = wait_for(notices, 60, "the device operators are told")
    finally:
        engine.dispose()
    assert told and all("mất tín hiệu" in t and "lịch phát thường" in t for t in told)

    logs = wait_for(
        lambda: [e for e in hub.api("GET", "/devices/RELAY-TEST-1/playlog", operator).json()
                 if e["item_id"] == started[0]["item"]], 30, "the play log reaches the hub",
    )  # fmt: skip
    assert logs[0]["bulletin_id"] is None


def _path(name: object):
    from pathlib import Path

    return Path(str(name))


def _size(name: object) -> int:
    path = _path(name)
    return path.stat().st_size if path.exists() else 0


def _relay(hub: Hub, headers, relay_id: int) -> dict:
    return next(r for r in hub.api("GET", "/relays", headers).json() if r["id"] == relay_id)
