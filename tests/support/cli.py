"""The `ttcs` fixture: run the command line in-process against the test's database, with the plugins'
commands added as `main()` adds them."""

import pytest
from click.testing import CliRunner

from hub.cli import common
from hub.cli.main import cli
from hub.plugins import load


@pytest.fixture
def ttcs(settings):
    env = {
        "TTCS_DATABASE_URL": settings.sqlalchemy_url,
        "TTCS_VAR_DIR": str(settings.var_dir),
        "TTCS_SECRET_KEY": settings.secret_key,
        "TTCS_LOG_LEVEL": "warning",
    }
    runner = CliRunner()
    for command in load().cli_commands:  # what `main()` adds: the plugins' commands (`ttcs feedback`)
        cli.add_command(command)

    def run(*args: str, input: str | None = None):
        common.hub.cache_clear()
        result = runner.invoke(cli, list(args), env=env, input=input, catch_exceptions=False)
        common.hub().close()
        common.hub.cache_clear()
        return result

    return run
