"""Reporting upward: our devices' status and play logs reach the provincial system in its format,
in order and exactly once, after it was down for a while; the backlog is visible meanwhile."""

from dataclasses import replace
from datetime import datetime, timedelta

from fastapi.testclient import TestClient

from hub.exchange import upstream
from hub.exchange.repository import ExchangeRepository
from hub.jobs.worker import Worker
from hub.kit.time import utcnow
from tests.support.device_api import add_device, bearer, beat
from tests.support.web import sign_in

IMEI = "860077000000001"


def _run_job(hub) -> None:
    """One run of the periodic job, as a worker runs it."""
    with hub.database.uow() as uow:
        uow.jobs.enqueue("exchange.upstream", {}, now=utcnow())
        uow.commit()
    worker = Worker(hub)
    while worker.run_once():
        pass


def _time_passes(hub) -> None:
    """The backoff's wait is over (instead of sleeping through it)."""
    with hub.database.uow() as uow:
        ExchangeRepository(uow.session).state(upstream.STATE).next_at = utcnow() - timedelta(seconds=1)
        uow.commit()


def _play(client, token, n: int, start: datetime) -> None:
    entries = [
        {"item_id": f"b1r1@{i}", "start": (start + timedelta(minutes=i)).isoformat(),
         "end": (start + timedelta(minutes=i, seconds=30)).isoformat(), "result": "played" if i % 2 else "missed"}
        for i in range(n)
    ]  # fmt: skip
    answer = client.post("/api/v1/device/playlog", json={"device_id": IMEI, "entries": entries}, headers=bearer(token))
    assert answer.status_code == 200, answer.text


def test_status_and_play_logs_arrive_upstream_once_and_in_order_after_an_outage(
    client, hub, make_settings, login, source_system
):
    settings = make_settings(
        upstream_url=source_system.base, upstream_username="ttcs.66", upstream_password="mat-khau-cap-tren"
    )
    worker_hub = replace(hub, settings=settings)  # the worker's: the same database, with an upstream
    operator = login("vanhanh.eakao")
    token = add_device(client, operator, IMEI)
    assert client.post("/api/v1/device/heartbeat", json=beat(IMEI, volume=55), headers=bearer(token)).status_code == 200
    start = (utcnow() - timedelta(days=7)).replace(hour=6, minute=0, second=0, microsecond=0)  # a week ago
    _play(client, token, 3, start)

    source_system.down = True
    _run_job(worker_hub)
    backlog = client.get("/api/v1/exchange/upstream", headers=operator).json()
    assert backlog["configured"] is False  # the app's own settings have no upstream; the worker's do
    assert backlog["waiting"] >= 4 and backlog["failures"] == 1 and "503" in backlog["last_error"]
    assert backlog["next_attempt_at"] is not None
    waiting = backlog["waiting"]

    _play(client, token, 2, start + timedelta(hours=1))  # the backlog grows while it is down
    _time_passes(hub)
    _run_job(worker_hub)
    backlog = client.get("/api/v1/exchange/upstream", headers=operator).json()
    assert backlog["waiting"] == waiting + 2 and backlog["failures"] == 2

    web = TestClient(client.app)  # the operator's dashboard shows the backlog and why it waits
    assert sign_in(web, "vanhanh.eakao", "ttcs-demo-2026").status_code == 200
    card = web.get("/quan-tri/the/upstream", params={"area": "24169"}).text
    assert "Báo cáo lên cấp trên" in card and f"<strong>{waiting + 2}</strong>" in card and "503" in card
    web.close()

    _run_job(worker_hub)  # still inside the backoff: nothing is attempted
    assert client.get("/api/v1/exchange/upstream", headers=operator).json()["failures"] == 2

    source_system.down = False
    _time_passes(hub)
    _run_job(worker_hub)
    backlog = client.get("/api/v1/exchange/upstream", headers=operator).json()
    assert backlog["waiting"] == 0 and backlog["failures"] == 0 and backlog["last_error"] == ""

    ours = [r for r in source_system.logs if r["CumLoaId"] == IMEI]
    assert [r["ThoiDiemGui"][11:16] for r in ours] == ["13:00", "13:01", "13:02", "14:00", "14:01"]  # local, in order
    assert [r["GiaTri"] for r in ours] == [0, 1, 0, 0, 1]
    assert all(r["NguonId"] == "66" and r["LoaiNhatKy"] == 1 for r in ours)
    status = [r for r in source_system.statuses if r["CumLoaId"] == IMEI]
    assert len(status) == 1
    assert status[0]["TrangThaiHoatDong"] == 1 and status[0]["AmLuong"] == 55
    assert status[0]["TrangThaiKetNoi"] == "4G,-71dbm"
    assert not source_system.refused

    # Nothing is sent twice: more runs, and the device sending its logs again, add nothing upstream.
    _play(client, token, 3, start)
    _run_job(worker_hub)
    _run_job(worker_hub)
    assert len([r for r in source_system.logs if r["CumLoaId"] == IMEI]) == 5
    assert len([r for r in source_system.statuses if r["CumLoaId"] == IMEI]) == 1
    assert len(source_system.batches) == len(set(source_system.batches))


def test_a_batch_whose_answer_was_lost_is_sent_again_as_it_was_and_stored_once(
    client, hub, make_settings, login, source_system
):
    settings = make_settings(
        upstream_url=source_system.base, upstream_username="ttcs.66", upstream_password="mat-khau-cap-tren"
    )
    worker_hub = replace(hub, settings=settings)  # the worker's: the same database, with an upstream
    token = add_device(client, login("vanhanh.eakao"), IMEI)
    start = (utcnow() - timedelta(days=7)).replace(hour=6, minute=0, second=0, microsecond=0)  # a week ago
    _play(client, token, 2, start)
    source_system.lose_answers = 1  # the upstream stores the first batch, but we never hear so
    _run_job(worker_hub)
    _play(client, token, 2, start + timedelta(hours=1))  # more arrive before the next attempt
    _time_passes(hub)
    _run_job(worker_hub)
    ours = [r for r in source_system.logs if r["CumLoaId"] == IMEI]
    assert [r["ThoiDiemGui"][11:16] for r in ours] == ["13:00", "13:01", "14:00", "14:01"]
