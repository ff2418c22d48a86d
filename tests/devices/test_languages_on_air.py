"""Issue 15, section 3, end to end with real processes: Phường Ea Kao broadcasts Vietnamese then Ê Đê;
a real `ttcs speaker` plays a bulletin's two languages one after the other, in that order, the files
it played are the hub's, and its play logs name each language."""

import hashlib
from datetime import datetime, timedelta

import pytest

from hub.kit.time import VN_TZ
from tests.support.device_api import EA_KAO
from tests.support.players import Hub, Player, wait_for
from voice.audio import write
from voice.tts import make_engine


def _status(hub: Hub, headers, bid: int) -> dict[str, str]:
    return {s["lang"]: s["status"] for s in hub.api("GET", f"/bulletins/{bid}/audio/status", headers).json()}


@pytest.mark.slow
def test_a_speaker_plays_vietnamese_then_ede_and_logs_each_language(database_url, tmp_path, hubs, players):
    hub = Hub(database_url, tmp_path).start()
    hubs.append(hub)
    operator, editor, approver = hub.login("vanhanh.eakao"), hub.login("bientap.eakao"), hub.login("duyet.eakao")
    rules = {"windows": [], "quiet": [], "max_volume": 90, "interrupt_policy": "resume"}
    assert hub.api("PUT", f"/broadcasts/{EA_KAO}/rules", operator, json=rules).status_code == 200
    chosen = hub.api("PUT", f"/audio/languages/{EA_KAO}", approver, json={"langs": ["vi", "ede"]})
    assert chosen.status_code == 200, chosen.text

    device = hub.api("POST", "/devices", operator, json={"imei": "EK-LANG-9", "kind": "loudspeaker",
                                                         "area_code": EA_KAO})  # fmt: skip
    player = Player(hub.url, device.json()["token"], tmp_path / "ek").start()
    players.append(player)

    payload = {
        "title": "Thông báo tiêm phòng cho trâu bò",
        "body": "Sáng thứ bảy, cán bộ thú y đến từng buôn tiêm phòng cho trâu bò.",
        "category": "local_affairs",
        "target_codes": [EA_KAO],
        "variants": [{"lang": "ede", "title": "Klei mđar", "body": "Klei mđar kơ ană buôn."}],
    }
    bid = hub.api("POST", "/bulletins", editor, json=payload).json()["id"]
    assert hub.api("POST", f"/bulletins/{bid}/submit", editor).status_code == 200
    assert hub.api("POST", f"/bulletins/{bid}/approve", approver).status_code == 200
    recording = write(make_engine("espeak").synthesize("Ama H'Linh thông báo."), tmp_path / "ede.mp3", "mp3")
    uploaded = hub.api("POST", "/audio/recordings", editor, data={"bulletin_id": str(bid), "lang": "ede"},
                       files={"file": ("ede.mp3", recording.read_bytes(), "audio/mpeg")})  # fmt: skip
    assert uploaded.status_code == 201, uploaded.text
    wait_for(lambda: _status(hub, editor, bid) == {"vi": "ready", "ede": "ready"}, 90, "both languages rendered")

    at = datetime.now(VN_TZ).replace(microsecond=0) + timedelta(seconds=20)
    body = {
        "bulletin_id": bid,
        "recurrence": "once",
        "times": [at.strftime("%H:%M:%S")],
        "days": [at.date().isoformat()],
    }
    assert hub.api("POST", f"/broadcasts/{EA_KAO}/schedules", editor, json=body).status_code == 201

    def ended() -> list[dict[str, object]]:
        return [r for r in player.records() if r.get("event") == "end" and r.get("lang")]

    wait_for(lambda: len(player.started(bid)) == 2 and len(ended()) == 2, 120, "both languages played")
    starts = player.started(bid)
    assert [s["lang"] for s in starts] == ["vi", "ede"]
    records = player.records()
    vi_end = next(i for i, r in enumerate(records) if r.get("event") == "end" and r.get("lang") == "vi")
    assert records.index(starts[1]) > vi_end  # Ê Đê starts after the Vietnamese has ended
    assert [r["result"] for r in records if r.get("event") == "end" and r.get("lang")] == ["played", "played"]

    manifest = player.cached_manifest()
    item = next(i for i in manifest["items"] if i["bulletin_id"] == bid)
    for start, variant in zip(starts, item["variants"], strict=True):
        assert start["sha256"] == variant["audio"]["sha256"]
        played = tmp_path / "ek" / "files" / f"{variant['audio']['sha256']}.mp3"  # what the player sounded
        assert hashlib.sha256(played.read_bytes()).hexdigest() == variant["audio"]["sha256"]

    def logged() -> list[dict[str, object]]:
        return [e for e in hub.api("GET", "/devices/EK-LANG-9/playlog", operator).json() if e["bulletin_id"] == bid]

    wait_for(lambda: len(logged()) == 2, 60, "both play logs reached the hub")
    assert sorted((e["lang"], e["result"]) for e in logged()) == [("ede", "played"), ("vi", "played")]
