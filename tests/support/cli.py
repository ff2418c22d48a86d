"""The `ttcs` fixture: run the command line in-process against the test's database (every command the
packages declare is found by the lazy group, as in `main()`)."""

import pytest
from click.testing import CliRunner

from hub.cli import common
from hub.cli.main import cli


@pytest.fixture
def ttcs(settings):
    env = {
        "TTCS_DATABASE_URL": settings.sqlalchemy_url,
        "TTCS_VAR_DIR": str(settings.var_dir),
        "TTCS_SECRET_KEY": settings.secret_key,
        "TTCS_LOG_LEVEL": "warning",
    }
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        common.hub.cache_clear()
        result = runner.invoke(cli, list(args), env=env, input=input, catch_exceptions=False)
        common.hub().close()
        common.hub.cache_clear()
        return result

    return run
