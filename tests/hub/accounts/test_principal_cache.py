"""The official behind a token is remembered per token for a short time (issue 16, item 5): repeated
requests with one token read nothing from the database to know who is asking, while a sign-out, a
removed role or a disabled account in this process takes effect on the next request; a change made
by another process reaches the others at once on PostgreSQL, and is bounded by the time-to-live
when it cannot."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import event, update

from hub.accounts.principals import TTL, PrincipalCache
from hub.accounts.tables import user_table
from hub.context import Hub
from hub.kit.errors import Unauthorized
from tests.support.server import Server, server_env, token


class _Statements:
    """The SQL statements the hub's engine runs while it is active (observed, not changed)."""

    def __init__(self, hub: Hub) -> None:
        self.engine = hub.database.engine
        self.seen: list[str] = []

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.seen.append(statement)

    def __enter__(self) -> list[str]:
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self.seen

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)


def test_a_token_is_resolved_once_and_then_read_from_memory(client, login, hub: Hub) -> None:
    editor = login("bientap.cumgar")
    assert client.get("/api/v1/me", headers=editor).status_code == 200  # resolved and remembered
    with _Statements(hub) as statements:
        assert client.get("/api/v1/bulletins", headers=editor).status_code == 200
    assert statements and not [s for s in statements if "revoked_session" in s or "FROM app_user" in s]


def test_sign_out_a_removed_role_and_a_disabled_account_take_effect_at_once(client, login) -> None:
    admin = login("admin", "admin-password-1")
    editor = login("bientap.cumgar")
    other = login("bientap.cumgar")  # a second session of the same official
    assert client.get("/api/v1/me", headers=editor).status_code == 200
    assert client.get("/api/v1/me", headers=other).status_code == 200

    assert client.post("/api/v1/auth/sign-out", headers=editor).status_code == 204
    assert client.get("/api/v1/me", headers=editor).status_code == 401
    assert client.get("/api/v1/me", headers=other).status_code == 200  # the other session goes on

    grants = client.get("/api/v1/me", headers=other).json()["grants"]
    role, area = grants[0]["role"], grants[0]["area_code"]
    removed = client.delete(
        "/api/v1/users/bientap.cumgar/grants", params={"role": role, "area_code": area}, headers=admin
    )
    assert removed.status_code == 200, removed.text
    assert client.get("/api/v1/me", headers=other).status_code == 401  # removing a role ends its tokens

    fresh = login("bientap.cumgar")
    assert client.get("/api/v1/me", headers=fresh).status_code == 200
    assert client.post("/api/v1/users/bientap.cumgar/disable", headers=admin).status_code == 200
    assert client.get("/api/v1/me", headers=fresh).status_code == 401


def test_a_change_made_by_another_process_is_bounded_by_the_time_to_live(client, login, hub: Hub) -> None:
    token = login("bientap.cumgar")["Authorization"].removeprefix("Bearer ")
    cache = PrincipalCache(hub, ttl=0.3)
    assert cache.principal(token, "api").username == "bientap.cumgar"
    with hub.database.uow() as uow:  # as `ttcs user disable` would, in another process: no event here
        uow.session.execute(update(user_table).where(user_table.c.username == "bientap.cumgar").values(is_active=False))
        uow.commit()
    assert cache.principal(token, "api").username == "bientap.cumgar"  # still remembered
    deadline = time.monotonic() + 10
    while True:
        try:
            cache.principal(token, "api")
        except Unauthorized:
            break
        assert time.monotonic() < deadline, "the time-to-live did not end the remembered principal"
        time.sleep(0.05)


@pytest.mark.postgres_only
@pytest.mark.slow
def test_a_sign_out_in_one_process_ends_the_token_in_another_at_once(database_url, tmp_path: Path) -> None:
    """Production runs several `ttcs serve` processes: a token signed out through one must stop working
    in the others at once (PostgreSQL NOTIFY), not after the cache's time-to-live."""
    env = server_env(database_url, tmp_path)
    a = Server(env, tmp_path / "a.log", "--no-migrate")
    b = Server(env, tmp_path / "b.log", "--no-migrate")
    with ThreadPoolExecutor(2) as pool:
        errors = [f.exception() for f in [pool.submit(s.start) for s in (a, b)]]
    try:
        assert errors == [None, None], errors
        editor = token(a.url, "bientap.cumgar")
        assert httpx.get(f"{b.url}/api/v1/me", headers=editor).status_code == 200  # B remembers the token
        assert httpx.post(f"{a.url}/api/v1/auth/sign-out", headers=editor).status_code == 204
        began = time.monotonic()
        while httpx.get(f"{b.url}/api/v1/me", headers=editor).status_code == 200:
            assert time.monotonic() - began < TTL / 2, "process B still accepted the token it had remembered"
            time.sleep(0.05)
    finally:
        a.stop()
        b.stop()
