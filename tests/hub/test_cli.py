"""The `ttcs` command: the same rules as the API, for an operator on the server."""

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
        common.hub().database.dispose()
        common.hub.cache_clear()
        return result

    return run


def test_user_add_list_disable(ttcs):
    added = ttcs(
        "user",
        "add",
        "bientap.hoaphu",
        "--name",
        "Nguyễn Văn An",
        "--role",
        "editor",
        "--area",
        "24175",
        "--password",
        "mat-khau-dai-1",
    )
    assert added.exit_code == 0, added.output
    listed = ttcs("user", "list").output
    assert "bientap.hoaphu" in listed and "Biên tập viên @ Xã Hòa Phú" in listed
    assert ttcs("user", "disable", "bientap.hoaphu").exit_code == 0
    assert "[đã khóa]" in ttcs("user", "list").output


def test_user_add_with_an_unknown_area_explains_in_vietnamese(ttcs):
    result = ttcs(
        "user", "add", "x.y.z", "--name", "A", "--role", "editor", "--area", "99999", "--password", "12345678a"
    )
    assert result.exit_code == 1
    assert "Không tìm thấy địa bàn có mã “99999”" in result.output


def test_bulletin_flow_from_the_command_line_is_audited_as_cli(ttcs):
    created = ttcs(
        "bulletin",
        "create",
        "--as",
        "bientap.eakao",
        "--title",
        "Thông báo từ dòng lệnh",
        "--body",
        "Nội dung",
        "--category",
        "local_affairs",
        "--to",
        "24169",
        "--json",
    )
    assert created.exit_code == 0, created.output
    import json

    bid = str(json.loads(created.output)["id"])
    refused = ttcs("bulletin", "approve", "--as", "duyet.cumgar", bid)
    assert refused.exit_code == 1 and "Phường Ea Kao" in refused.output
    assert ttcs("bulletin", "submit", "--as", "bientap.eakao", bid).exit_code == 0
    approved = ttcs("bulletin", "approve", "--as", "duyet.eakao", bid)
    assert "Đang phát hành" in approved.output
    shown = ttcs("bulletin", "show", "--as", "duyet.eakao", bid).output
    assert "duyet.eakao      cli" in shown and "bulletin.approve" in shown


def test_db_current_reports_the_schema(ttcs):
    from alembic.script import ScriptDirectory

    from hub.db.migrate import alembic_config

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    result = ttcs("db", "current")
    assert result.exit_code == 0 and all(head in result.output for head in heads)
