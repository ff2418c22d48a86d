"""PostgreSQL LISTEN/NOTIFY wakes every hub process's change feed at once: a version committed by
another process (another connection, no `committed()` call here) is read well before the feed's
poll, also after the listening connection was cut, and an emergency approved through one
`ttcs serve` reaches a device long-polling another."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from devices.protocol import MANIFEST_PATH
from hub.broadcasts import changes
from hub.context import Hub
from hub.devices.change_feed import LISTEN_NAME, Feed
from tests.support.demo_devices import demo_device_token
from tests.support.server import Server, server_env, token

POLL = 60.0  # the feed's fallback poll: far longer than any wait below


def commit_elsewhere(database_url: str, scope: str) -> int:
    """Bump `scope` as another process would: its own connection, nobody tells the feed."""
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            version = changes.bump(conn, {scope: False})
    finally:
        engine.dispose()
    assert version is not None
    return version


async def until(condition, within: float, what: str) -> float:
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > within:
            raise AssertionError(f"not within {within} s: {what}")
        await asyncio.sleep(0.02)
    return time.monotonic() - began


def listeners(database_url: str) -> list[int]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            query = "SELECT pid FROM pg_stat_activity WHERE application_name = :name AND datname = current_database()"
            return [row[0] for row in conn.execute(text(query), {"name": LISTEN_NAME})]
    finally:
        engine.dispose()


def test_only_postgresql_feeds_listen(hub: Hub, backend: str) -> None:
    """SQLite is one embedded process: its feed has no listener (and opens no extra connection)."""
    assert (Feed(hub.database, poll_seconds=POLL).listener is not None) == (backend == "postgresql")
    assert Feed(hub.database, poll_seconds=POLL, listen=False).listener is None


@pytest.mark.postgres_only
def test_a_version_committed_by_another_process_wakes_the_feed_before_its_poll(hub: Hub, database_url) -> None:
    async def scenario() -> float:
        feed = Feed(hub.database, poll_seconds=POLL)
        await feed.start()
        try:
            assert feed.listener is not None
            await until(feed.listener.listening.is_set, 30, "the feed listens")
            version = await asyncio.to_thread(commit_elsewhere, database_url, "/66/24169/")
            return await until(lambda: feed.area_version("/66/24169/") == version, 10, "the feed read the version")
        finally:
            await feed.stop()

    assert asyncio.run(scenario()) < 10


@pytest.mark.postgres_only
def test_the_feed_listens_again_after_its_connection_is_cut(hub: Hub, database_url) -> None:
    async def scenario() -> None:
        feed = Feed(hub.database, poll_seconds=POLL)
        await feed.start()
        try:
            assert feed.listener is not None
            await until(feed.listener.listening.is_set, 30, "the feed listens")
            engine = create_engine(database_url)
            with engine.begin() as conn:  # the database drops the connection, as on a restart
                for pid in listeners(database_url):
                    conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            engine.dispose()
            await until(lambda: feed.listener.connects >= 2, 30, "the listener reconnected")
            version = await asyncio.to_thread(commit_elsewhere, database_url, "device:860001000000011")
            await until(lambda: feed.device_version("860001000000011") == version, 10, "read after reconnecting")
        finally:
            await feed.stop()
        assert not listeners(database_url), "the connection is closed when the feed stops"

    asyncio.run(scenario())


@pytest.mark.postgres_only
@pytest.mark.slow
def test_an_emergency_approved_through_one_process_wakes_a_long_poll_held_by_another(
    make_settings, database_url, tmp_path: Path
) -> None:
    """Two `ttcs serve` on one database, each polling for others' changes only every 30 s: the
    device long-polling process B gets the emergency approved through process A in well under that."""
    env = {**server_env(database_url, tmp_path), "TTCS_DEVICE_CHANGE_POLL_SECONDS": "30"}
    a = Server(env, tmp_path / "a.log", "--no-migrate")
    b = Server(env, tmp_path / "b.log", "--no-migrate")
    with ThreadPoolExecutor(2) as pool:
        starting = [pool.submit(s.start) for s in (a, b)]
        errors = [f.exception() for f in starting]
    try:
        assert errors == [None, None], errors
        device = {"Authorization": f"Bearer {demo_device_token(make_settings(), '860001000000011')}"}
        approver = token(a.url, "duyet.tinh")
        deadline = time.monotonic() + 60
        first = httpx.get(f"{b.url}{MANIFEST_PATH}", headers=device, timeout=30)
        assert first.status_code == 200, first.text
        marker = f"KHAN-CAP-{int(time.time() * 1000) % 100000:05d}"
        received: list[float] = []

        def long_poll() -> None:
            etag = first.headers["ETag"]
            with httpx.Client(base_url=b.url, headers=device, timeout=90) as http:
                while time.monotonic() < deadline + 60:
                    answer = http.get(f"{MANIFEST_PATH}?wait=60", headers={"If-None-Match": etag})
                    if answer.status_code == 200 and marker in answer.text:
                        received.append(time.monotonic())
                        return
                    etag = answer.headers.get("ETag", etag)

        holder = threading.Thread(target=long_poll)
        holder.start()
        body = {"title": f"Khẩn cấp {marker}", "body": "Lũ quét.", "category": "disaster_emergency"}
        approved_at = time.monotonic()
        issued = httpx.post(
            f"{a.url}/api/v1/bulletins/emergency",
            json={**body, "target_codes": ["24169"]},
            headers=approver,
            timeout=30,
        )
        assert issued.status_code == 201, issued.text
        holder.join(90)
        assert received, "the device never received the emergency"
        assert received[0] - approved_at < 10, f"{received[0] - approved_at:.1f} s: the poll, not the notification"
    finally:
        a.stop()
        b.stop()
