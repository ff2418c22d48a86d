"""The issue's "done when", end to end with real processes: a loopback provincial source system
registers a loudspeaker cluster of Phường Ea Kao (24169), creates a bulletin for the ward, reschedules
it and cancels it while it plays; the `ttcs speaker` of that cluster plays it and then stops it."""

import os
import subprocess
from datetime import datetime, timedelta

import httpx
import pytest

from hub.kit.time import VN_TZ
from tests.hub.exchange.conftest import tone
from tests.support.players import Hub, Player, wait_for
from tests.support.server import ROOT, TTCS
from tests.support.source_system import SourceSystem, bulletin_message, schedule, wire_time

EA_KAO, NGUON = "24169", "66"


@pytest.mark.slow
def test_a_source_system_creates_reschedules_and_cancels_a_bulletin_that_a_speaker_plays_then_stops(
    database_url, tmp_path, hubs, players
):
    hub = Hub(database_url, tmp_path).start()
    hubs.append(hub)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "TTCS_DATABASE_URL": database_url,
        "TTCS_VAR_DIR": str(tmp_path / "var"),
    }
    added = subprocess.run(
        [TTCS, "source", "add", NGUON, "--name", "Hệ thống thông tin nguồn tỉnh", "--area", "66", "--username",
         "nguon.66", "--password", "mat-khau-nguon-66"], env=env, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    operator, approver = hub.login("vanhanh.eakao"), hub.login("duyet.eakao")
    rules = {"windows": [], "quiet": [], "max_volume": 90, "interrupt_policy": "resume"}
    assert hub.api("PUT", f"/broadcasts/{EA_KAO}/rules", operator, json=rules).status_code == 200

    def send(path: str, message: dict) -> dict:
        answer = httpx.post(f"{hub.url}/api/nguon/v1{path}", json=message, headers=source, timeout=60)
        assert answer.status_code == 200 and answer.json()["TrangThaiGui"] == 0, answer.text
        return answer.json()

    with SourceSystem() as province:
        signed_in = httpx.post(f"{hub.url}/api/nguon/v1/dang-nhap",
                               json={"TenDangNhap": "nguon.66", "MatKhau": "mat-khau-nguon-66"}).json()  # fmt: skip
        source = {"Authorization": f"Bearer {signed_in['MaTruyCap']}"}
        cluster = send("/cum-loa/dang-ky", {"NguonId": NGUON, "CumLoaId": "860066000000001", "MaXacThuc": 204817})
        send("/cum-loa/dia-ban", {"NguonId": NGUON, "CumLoaId": "860066000000001", "DiaBanQuanLy": EA_KAO})
        speaker = Player(hub.url, cluster["MaTruyCapThietBi"], tmp_path / "speaker").start()
        players.append(speaker)

        now = datetime.now(VN_TZ).replace(microsecond=0, tzinfo=None)
        start, end = now - timedelta(hours=1), now + timedelta(days=1)
        later = now + timedelta(hours=2)
        link = province.serve("thong-bao.mp3", tone(tmp_path / "thong-bao.mp3", 90))
        at, day = later.strftime("%H:%M:%S.000000"), later.date().isoformat()
        message = bulletin_message(
            NGUON, "BT-EAKAO-01", start, end, link=link, targets=[EA_KAO], times=[at], days=[day]
        )
        bid = send("/ban-tin", message)["MaBanTin"]
        assert hub.api("POST", f"/bulletins/{bid}/approve", approver).json()["status"] == "published"

        def audio_ready() -> bool:
            status = hub.api("GET", f"/bulletins/{bid}/audio/status", approver).json()
            return bool(status) and status[0]["status"] == "ready"

        wait_for(audio_ready, 90, "the source's audio went through the pipeline")
        soon = datetime.now(VN_TZ).replace(microsecond=0, tzinfo=None) + timedelta(seconds=25)
        send("/ban-tin/lich-phat", {
            "NguonId": NGUON, "BanTinId": "BT-EAKAO-01", "NgayBatDau": wire_time(start), "NgayKetThuc": wire_time(end),
            "CheDoPhat": 0, "LichPhat": schedule([soon.strftime("%H:%M:%S.000000")], [soon.date().isoformat()]),
        })  # fmt: skip
        wait_for(lambda: speaker.started(bid), 90, "the rescheduled bulletin plays")
        played = speaker.started(bid)[0]

        send("/ban-tin/huy", {"NguonId": NGUON, "BanTinId": "BT-EAKAO-01"})

        def stopped() -> bool:
            return any(r.get("event") == "end" and r.get("item") == played["item"] and r.get("result") == "stopped"
                       for r in speaker.records())  # fmt: skip

        wait_for(stopped, 30, "the speaker stops the cancelled bulletin")
        assert hub.api("GET", f"/bulletins/{bid}", approver).json()["status"] == "withdrawn"
