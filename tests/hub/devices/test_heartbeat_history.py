"""The heartbeat history (issue 18, item 8): the first heartbeat of each hour marks the device's hour
(one row per device and hour, written again harmlessly), later ones in the hour write nothing; a
refused heartbeat marks nothing; a daily job deletes the hours older than `TTCS_DEVICE_HISTORY_DAYS`."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from devices.protocol import Heartbeat
from hub.context import Hub
from hub.devices import access, telemetry
from hub.devices.model import hour_number, hour_start
from hub.devices.repository import DeviceRepository
from hub.devices.settings import DeviceSettings
from hub.devices.tables import device_seen_table
from hub.jobs.worker import Worker
from hub.kit.time import utcnow
from tests.support.device_api import add_device, bearer, beat

seen = device_seen_table.c


def _hours(hub: Hub, device_id: int) -> list[int]:
    with hub.database.uow(write=False) as uow:
        query = select(seen.hour).where(seen.device_id == device_id).order_by(seen.hour)
        return list(uow.session.execute(query).scalars())


def test_heartbeats_mark_each_hour_once(client, login, hub: Hub) -> None:
    token = add_device(client, login("vanhanh.eakao"), "860000000000181")
    with hub.database.uow() as uow:
        identity = access.authenticate(uow, token)
    assert _hours(hub, identity.id) == []

    sent = [utcnow()]
    for _ in range(3):
        answer = client.post("/api/v1/device/heartbeat", json=beat(identity.imei), headers=bearer(token))
        assert answer.status_code == 200, answer.text
        sent.append(utcnow())
    hours = {hour_number(moment) for moment in sent}  # one, unless an hour began meanwhile
    assert set(_hours(hub, identity.id)) <= hours and len(_hours(hub, identity.id)) in (1, len(hours))

    later = hour_start(hour_number(utcnow()) + 2)
    with hub.database.uow() as uow:
        for minutes in (1, 20, 59, 61, 185):  # hours +2, +2, +2, +3, +5
            at = later + timedelta(minutes=minutes)
            telemetry.heartbeat(uow, identity, Heartbeat(device_id=identity.imei, sent_at=at, operating_state="idle"),
                                now=at)  # fmt: skip
        DeviceRepository(uow.session).mark_seen(identity.id, hour_number(later))  # again: nothing, no error
        uow.commit()
    marked = [hour_start(h) for h in _hours(hub, identity.id)]
    assert marked[-3:] == [later, later + timedelta(hours=1), later + timedelta(hours=3)]
    assert all(h.tzinfo is not None and h.minute == 0 for h in marked)


def test_a_refused_heartbeat_marks_nothing(client, login, hub: Hub) -> None:
    token = add_device(client, login("vanhanh.eakao"), "860000000000182")
    add_device(client, login("vanhanh.eakao"), "860000000000183")
    refused = client.post("/api/v1/device/heartbeat", json=beat("860000000000183"), headers=bearer(token))
    assert refused.status_code == 403
    with hub.database.uow(write=False) as uow:
        assert uow.session.execute(select(func.count()).select_from(device_seen_table)).scalar() == 0


def test_the_history_keeps_the_days_it_is_told_and_the_daily_job_deletes_the_rest(client, login, hub: Hub) -> None:
    token = add_device(client, login("vanhanh.eakao"), "860000000000182")
    with hub.database.uow() as uow:
        identity = access.authenticate(uow, token)
    now = utcnow()
    keep = timedelta(days=hub.settings.of(DeviceSettings).device_history_days)
    with hub.database.uow() as uow:
        repo = DeviceRepository(uow.session)
        for moment in (
            now - keep - timedelta(days=30),
            now - keep - timedelta(hours=2),
            now - keep + timedelta(hours=2),
            now,
        ):
            repo.mark_seen(identity.id, hour_number(moment))
        uow.commit()
    with hub.database.uow() as uow:
        uow.jobs.enqueue("devices.history", {}, now=now)
        uow.commit()
    Worker(hub).drain()
    assert _hours(hub, identity.id) == [hour_number(now - keep + timedelta(hours=2)), hour_number(now)]
