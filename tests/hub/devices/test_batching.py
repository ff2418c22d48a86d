"""Group commit of heartbeats and play logs (issue 16, item 4): requests arriving together are written
in one transaction, each answered only after the commit; one device's refusal stays its own; a group
that cannot be written answers 503 to each request (never a 500), and one bad item cannot keep
failing the others."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import func, select

from hub.context import Hub
from hub.db.uow import UnitOfWork
from hub.devices import access
from hub.devices.batching import Batcher
from hub.devices.repository import DeviceRepository
from hub.devices.runtime import RUNTIME
from hub.devices.tables import device_seen_table, play_log_table
from hub.kit.errors import HubError, Unavailable
from hub.kit.time import utcnow
from tests.support.device_api import add_device, bearer, beat

FLEET = 24


def _count(hub: Hub, table) -> int:
    with hub.database.uow(write=False) as uow:
        return int(uow.session.execute(select(func.count()).select_from(table)).scalar_one())


def test_heartbeats_arriving_together_share_a_transaction_and_a_refusal_stays_its_own(client, login, hub: Hub):
    operator = login("vanhanh.eakao")
    imeis = [f"8600000000{n:05d}" for n in range(700, 700 + FLEET)]
    tokens = [add_device(client, operator, imei) for imei in imeis]
    batcher = hub.service(RUNTIME).heartbeats
    groups_before = batcher.groups

    def send(n: int) -> int:
        imei = imeis[n] if n < FLEET else imeis[0]  # the last one names another device
        token = tokens[n] if n < FLEET else tokens[1]
        return client.post("/api/v1/device/heartbeat", json=beat(imei), headers=bearer(token)).status_code

    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(send, range(FLEET + 1)))

    assert answers == [200] * FLEET + [403]
    assert _count(hub, device_seen_table) == FLEET  # every acknowledged heartbeat is stored
    written = batcher.groups - groups_before
    assert 1 <= written < FLEET and batcher.largest > 1  # fewer transactions than heartbeats
    listed = client.get("/api/v1/devices", params={"area_code": "24169"}, headers=operator).json()
    states = {d["imei"]: d["state"] for d in (listed["items"] if isinstance(listed, dict) else listed)}
    assert all(states[imei] == "online" for imei in imeis)


def test_play_logs_sent_together_keep_their_own_counts_and_stay_idempotent(client, login, hub: Hub):
    operator = login("vanhanh.eakao")
    imeis = [f"8600000000{n:05d}" for n in range(760, 766)]
    tokens = [add_device(client, operator, imei) for imei in imeis]
    start = utcnow().replace(microsecond=0)
    end = (start + timedelta(seconds=40)).isoformat()

    def send(n: int) -> tuple[int, dict]:
        entries = [
            {"item_id": f"b{k}", "start": start.isoformat(), "end": end, "result": "played"} for k in range(n + 1)
        ]
        body = {"device_id": imeis[n], "entries": entries}
        answer = client.post("/api/v1/device/playlog", json=body, headers=bearer(tokens[n]))
        return answer.status_code, answer.json()

    with ThreadPoolExecutor(6) as pool:
        first = list(pool.map(send, range(6)))
    with ThreadPoolExecutor(6) as pool:
        again = list(pool.map(send, range(6)))
    assert first == [(200, {"accepted": n + 1, "duplicates": 0}) for n in range(6)]
    assert again == [(200, {"accepted": 0, "duplicates": n + 1}) for n in range(6)]
    assert _count(hub, play_log_table) == sum(range(1, 7))


def test_a_group_that_cannot_be_written_answers_503_and_a_bad_item_does_not_fail_the_others(client, login, hub):
    token = add_device(client, login("vanhanh.eakao"), "860000000000790")
    with hub.database.uow() as uow:
        device_id = access.authenticate(uow, token).id

    def store(uow: UnitOfWork, hours: Sequence[int]) -> list[int | HubError]:
        DeviceRepository(uow.session).mark_seen_many({(device_id, h) for h in hours})
        if any(h < 0 for h in hours):
            raise ValueError("a bad item")
        return list(hours)

    batcher: Batcher[int, int] = Batcher(hub.database, store, name="test items")

    async def send(items: list[int]) -> list[int | BaseException]:
        return await asyncio.gather(*(batcher.submit(i) for i in items), return_exceptions=True)

    answers = asyncio.run(send([1, 2, -3, 4]))
    assert answers[:2] == [1, 2] and answers[3] == 4
    assert isinstance(answers[2], Unavailable) and answers[2].status == 503
    with hub.database.uow(write=False) as uow:
        stored = uow.session.execute(select(device_seen_table.c.hour).where(device_seen_table.c.device_id == device_id))
        assert sorted(stored.scalars()) == [1, 2, 4]  # the bad item's write was rolled back
    assert batcher.groups == 3  # the failed group was written again item by item

    assert asyncio.run(send([-1])) != [-1]  # alone: 503, nothing stored


def test_items_arriving_within_the_window_form_one_group_and_a_full_group_goes_at_once(client, login, hub):
    token = add_device(client, login("vanhanh.eakao"), "860000000000791")
    with hub.database.uow() as uow:
        device_id = access.authenticate(uow, token).id

    def store(uow: UnitOfWork, hours: Sequence[int]) -> list[int | HubError]:
        DeviceRepository(uow.session).mark_seen_many({(device_id, h) for h in hours})
        return list(hours)

    async def one_after_the_other(batcher: Batcher[int, int]) -> list[int]:
        first = asyncio.create_task(batcher.submit(1))
        for _ in range(5):  # the first item's group is already being collected (or written)
            await asyncio.sleep(0)
        second = asyncio.create_task(batcher.submit(2))
        return [await first, await second]

    waiting: Batcher[int, int] = Batcher(hub.database, store, window=30.0, limit=2)
    began = time.monotonic()
    assert asyncio.run(one_after_the_other(waiting)) == [1, 2]
    assert waiting.groups == 1 and time.monotonic() - began < 20  # full at 2 items: written without the wait

    eager: Batcher[int, int] = Batcher(hub.database, store, window=0.0)
    assert asyncio.run(one_after_the_other(eager)) == [1, 2]
    assert eager.groups == 2  # without a window, the first was written alone
