"""The issue's "done when", end to end with real processes: a hub, two `ttcs speaker` players of
Phường Ea Kao (one with a clock two hours wrong) and one of Xã Cư M’gar.

Only the right players play, at the right time; an approved emergency interrupts within seconds
and the interrupted item plays again; a player whose hub is gone keeps playing and its logs arrive
when the hub is back; a queued command survives a hub killed with SIGKILL."""

from datetime import datetime, timedelta

import pytest

from hub.kit.time import VN_TZ
from tests.support.device_api import CU_MGAR, EA_KAO
from tests.support.players import Hub, Player, wait_for

LONG_BODY = " ".join(["Bà con chú ý lịch thu gom rác thải sinh hoạt trong tuần tới tại các tổ dân phố."] * 5)


def _register(hub: Hub, headers, imei: str, area: str) -> str:
    response = hub.api("POST", "/devices", headers, json={"imei": imei, "kind": "loudspeaker", "area_code": area})
    assert response.status_code == 201, response.text
    return response.json()["token"]


def _bulletin(hub: Hub, editor, approver, title: str, body: str) -> int:
    payload = {"title": title, "body": body, "category": "local_affairs", "target_codes": [EA_KAO]}
    bid = hub.api("POST", "/bulletins", editor, json=payload).json()["id"]
    assert hub.api("POST", f"/bulletins/{bid}/submit", editor).status_code == 200
    assert hub.api("POST", f"/bulletins/{bid}/approve", approver).status_code == 200
    return bid


def _schedule_in(hub: Hub, editor, bid: int, seconds: int) -> datetime:
    at = datetime.now(VN_TZ).replace(microsecond=0) + timedelta(seconds=seconds)
    body = {
        "bulletin_id": bid,
        "recurrence": "once",
        "times": [at.strftime("%H:%M:%S")],
        "days": [at.date().isoformat()],
    }
    response = hub.api("POST", f"/broadcasts/{EA_KAO}/schedules", editor, json=body)
    assert response.status_code == 201, response.text
    return at


def _audio_ready(hub: Hub, headers, bid: int) -> bool:
    status = hub.api("GET", f"/bulletins/{bid}/audio/status", headers).json()
    return bool(status) and status[0]["status"] == "ready"


@pytest.mark.slow
def test_speakers_play_the_right_bulletins_obey_an_emergency_and_survive_a_lost_hub(
    database_url, tmp_path, hubs, players
):
    hub = Hub(database_url, tmp_path).start()
    hubs.append(hub)
    admin, operator = hub.login("admin", "admin-password-1"), hub.login("vanhanh.eakao")
    editor, approver = hub.login("bientap.eakao"), hub.login("duyet.eakao")
    # Round the clock for the test: no quiet hours, no fixed windows; interrupted items play again.
    rules = {"windows": [], "quiet": [], "max_volume": 90, "interrupt_policy": "resume"}
    assert hub.api("PUT", f"/broadcasts/{EA_KAO}/rules", operator, json=rules).status_code == 200

    tokens = {
        "ek1": _register(hub, operator, "EK-TEST-1", EA_KAO),
        "ek2": _register(hub, operator, "EK-TEST-2", f"{EA_KAO}-001"),
        "cm1": _register(hub, admin, "CM-TEST-1", CU_MGAR),
    }
    ek1 = Player(hub.url, tokens["ek1"], tmp_path / "ek1").start()
    ek2 = Player(hub.url, tokens["ek2"], tmp_path / "ek2", "--clock-skew", "-7200").start()  # two hours behind
    cm1 = Player(hub.url, tokens["cm1"], tmp_path / "cm1").start()
    players.extend([ek1, ek2, cm1])

    garbage = _bulletin(hub, editor, approver, "Lịch thu gom rác thải tuần tới", LONG_BODY)
    wait_for(lambda: _audio_ready(hub, editor, garbage), 60, "audio rendered")
    planned = _schedule_in(hub, editor, garbage, 25)

    for player in (ek1, ek2):
        wait_for(lambda p=player: p.started(garbage), 90, "the scheduled bulletin plays in Ea Kao")
    for player in (ek1, ek2):
        started = datetime.fromisoformat(str(player.started(garbage)[0]["at"]))
        assert abs((started - planned).total_seconds()) < 10  # on time, whatever the device's own clock says

    # An approver issues an emergency while the long bulletin plays.
    emergency = hub.api("POST", "/bulletins/emergency", approver, json={
        "title": "Khẩn cấp: cháy rừng gần khu dân cư", "body": "Bà con di chuyển ngay đến điểm tập trung.",
        "category": "disaster_emergency", "target_codes": [EA_KAO],
    }).json()["id"]  # fmt: skip
    for player in (ek1, ek2):
        wait_for(lambda p=player: p.started(emergency), 60, "the emergency interrupts")
    records = ek1.records()
    ends = [r for r in records if r.get("event") == "end"]
    assert ends[0]["result"] == "interrupted"  # the long bulletin was cut …
    wait_for(lambda: len(ek1.started(garbage)) == 2, 120, "the interrupted bulletin plays again")
    assert not cm1.started(garbage) and not cm1.started(emergency)  # … and Cư M’gar heard none of it

    # The hub goes away (power cut) with a bulletin due in a moment: it still plays, from the cache.
    water = _bulletin(hub, editor, approver, "Thông báo tạm ngừng cấp nước", "Tạm ngừng cấp nước từ 8 giờ.")
    wait_for(lambda: _audio_ready(hub, editor, water), 60, "audio rendered")
    _schedule_in(hub, editor, water, 20)
    wait_for(lambda: any(i["bulletin_id"] == water and i["audio"] for i in ek1.cached_manifest().get("items", [])),
             30, "the player cached it")  # fmt: skip
    ek2.stop()  # ek2 is switched off: a command queued now waits for it
    command = hub.api("POST", "/devices/EK-TEST-2/commands", operator, json={"kind": "volume", "args": {"volume": 35}})
    assert command.status_code == 201
    hub.server.kill()
    wait_for(lambda: ek1.started(water) and [r for r in ek1.records() if r.get("event") == "end"][-1]["item"]
             == ek1.started(water)[0]["item"], 90, "played while the hub was down")  # fmt: skip

    restarted = Hub(database_url, tmp_path)
    restarted.server.port, restarted.server.url = hub.server.port, hub.url  # the same address for the players
    restarted.url = hub.url
    restarted.start()
    hubs.append(restarted)
    ek2b = Player(hub.url, tokens["ek2"], tmp_path / "ek2").start()
    players.append(ek2b)

    def logged() -> list[dict[str, object]]:
        return hub.api("GET", "/devices/EK-TEST-1/playlog", operator).json()

    wait_for(lambda: any(e["bulletin_id"] == water and e["result"] == "played" for e in logged()), 60, "logs caught up")
    results = {(e["bulletin_id"], e["result"]) for e in logged()}
    assert {(garbage, "interrupted"), (emergency, "played"), (garbage, "played")} <= results
    wait_for(lambda: hub.api("GET", "/devices/EK-TEST-2/commands", operator).json()[0]["status"] == "done", 60,
             "the queued command reached the device after the hub restarted")  # fmt: skip
    assert hub.api("GET", "/devices/EK-TEST-2", operator).json()["volume"] == 35
    assert not hub.api("GET", "/devices/CM-TEST-1/playlog", operator | admin).json() or all(
        e["bulletin_id"] not in (garbage, emergency, water)
        for e in hub.api("GET", "/devices/CM-TEST-1/playlog", admin).json()
    )
