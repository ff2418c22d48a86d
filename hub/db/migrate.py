"""Running the Alembic migrations from code (`ttcs db upgrade`, the embedded start-up, the tests)."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str = "", plugins: str = "") -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.set_main_option("ttcs_plugins", plugins)
    return config


def upgrade(engine: Engine, plugins: str = "") -> None:
    """Bring the database to the newest schema of every branch (each feature may add its own)."""
    logging.getLogger("alembic").setLevel(logging.WARNING)
    config = alembic_config(plugins=plugins)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


def current(engine: Engine) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())
