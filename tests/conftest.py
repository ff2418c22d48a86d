"""Fixtures shared by the whole suite.

Every test that touches storage gets its own fresh database, on SQLite and on PostgreSQL (set
`TTCS_TEST_BACKENDS=sqlite` or `=postgresql` to run one). Databases are cloned from a template that
was migrated and seeded with the province once per run: a file copy for SQLite, `CREATE DATABASE …
TEMPLATE` for PostgreSQL. PostgreSQL is a throwaway cluster started by the tests on a free loopback
port, unless `TTCS_TEST_DATABASE_URL` names a server to use.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hub.app import create_app
from hub.areas.seed import seed_province
from hub.bootstrap import build_hub
from hub.config import Settings
from hub.context import Hub
from hub.db.migrate import upgrade
from hub.demo.seed import seed_demo
from tests.support import demo_devices
from tests.support.clock import remember_demo_cases
from tests.support.postgres import Cluster, start_cluster
from tests.support.settings import BACKENDS, DEMO_PASSWORD
from tests.support.settings import settings_for as _settings

# Fixtures shared by several folders live in tests/support/, registered here once.
pytest_plugins = [
    "tests.support.cli",
    "tests.support.icecast",
    "tests.support.players",
    "tests.support.tones",
    "tests.support.web",
]

_counter = itertools.count()


def _prepare_template(url: str, var_dir: Path) -> dict[str, str]:
    """Migrate and seed the province and the demo into the template database; the demo devices' tokens."""
    settings = _settings(url, var_dir)
    hub = build_hub(settings)
    upgrade(hub.database.engine)
    with hub.database.uow() as uow:
        result = seed_province(uow, settings.province_code)
        from hub.accounts.service import ensure_admin

        ensure_admin(uow, result.province, settings.admin_password)
        tokens = seed_demo(uow, DEMO_PASSWORD)
        uow.commit()
    with hub.database.engine.begin() as conn:
        # The demo queued jobs (rendering its bulletins' audio …); tests start with an idle queue and
        # run what they need themselves, so draining a worker does not render the whole demo.
        conn.execute(text("UPDATE job SET status = 'done' WHERE status = 'queued'"))
    remember_demo_cases(hub.database)  # their codes carry the year they were received in
    hub.close()
    return tokens or {}


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster | None]:
    if "postgresql" not in BACKENDS or os.environ.get("TTCS_TEST_DATABASE_URL"):
        yield None
        return
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def pg_admin_url(pg_cluster: Cluster | None) -> str | None:
    if pg_cluster is not None:
        return pg_cluster.admin_url
    return os.environ.get("TTCS_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory, pg_admin_url: str | None) -> dict[str, str]:
    """One migrated, seeded template per backend: a file path for SQLite, a database name for PostgreSQL."""
    out: dict[str, str] = {}
    if "sqlite" in BACKENDS:
        base = tmp_path_factory.mktemp("sqlite-template")
        url = f"sqlite:///{base / 'template.sqlite3'}"
        demo_devices.TOKENS["sqlite"] = _prepare_template(url, base)
        out["sqlite"] = str(base / "template.sqlite3")
    if "postgresql" in BACKENDS and pg_admin_url:
        name = f"ttcs_template_{os.getpid()}"
        admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        demo_devices.TOKENS["postgresql"] = _prepare_template(
            str(make_url(pg_admin_url).set(database=name)), tmp_path_factory.mktemp("pg-template")
        )
        out["postgresql"] = name
    return out


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite" and request.node.get_closest_marker("postgres_only"):
        pytest.skip("runs on PostgreSQL only (see the test's docstring)")
    return str(request.param)


@pytest.fixture
def database_url(backend: str, templates: dict[str, str], tmp_path: Path, pg_admin_url: str | None) -> str:
    """A fresh database, cloned from the template, for this test only."""
    if backend == "sqlite":
        target = tmp_path / "ttcs.sqlite3"
        shutil.copyfile(templates["sqlite"], target)
        return f"sqlite:///{target}"
    assert pg_admin_url is not None
    name = f"ttcs_test_{os.getpid()}_{next(_counter)}"
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{templates["postgresql"]}"'))
    admin.dispose()
    return str(make_url(pg_admin_url).set(database=name))


@pytest.fixture
def make_settings(database_url: str, tmp_path: Path) -> Callable[..., Settings]:
    def make(**overrides: object) -> Settings:
        return _settings(database_url, tmp_path, **overrides)

    return make


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture
def hub(settings: Settings) -> Iterator[Hub]:
    built = build_hub(settings)
    yield built
    built.close()


@pytest.fixture
def client(settings: Settings, hub: Hub) -> Iterator[TestClient]:
    with TestClient(create_app(settings, hub=hub)) as test_client:
        yield test_client


@pytest.fixture
def login(client: TestClient) -> Callable[..., dict[str, str]]:
    """`login("bientap.eakao")` → the Authorization header of that demo official."""

    def do(username: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
        response = client.post("/api/v1/auth/token", data={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return do


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`TTCS_TEST_DATABASE_ONLY=1` keeps only the tests that run once per database backend: `make test`
    runs PostgreSQL that way on the real clock, and everything else once, on SQLite, with the clock
    moved to next year (scripts/run-tests.sh).

    Files with a slow test run first: pytest-xdist hands out whole files in collection order, and a
    long file handed out last keeps one worker busy after the others have finished."""
    if os.environ.get("TTCS_TEST_DATABASE_ONLY") == "1":
        keep = [item for item in items if "backend" in getattr(item, "fixturenames", ())]
        dropped = [item for item in items if "backend" not in getattr(item, "fixturenames", ())]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = keep
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)  # stable: each file keeps its order
