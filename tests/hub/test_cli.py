"""The `ttcs` command: the same rules as the API, for an operator on the server."""

import pytest
from click.testing import CliRunner

from hub.cli import common
from hub.cli.main import cli
from tests.support.settings import DEMO_PASSWORD


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


def test_feedback_list_show_and_answer_from_the_command_line(ttcs):
    listed = ttcs("feedback", "list", "--as", "bientap.eakao", "--overdue")
    assert listed.exit_code == 0, listed.output
    [line] = [row for row in listed.output.splitlines() if row.startswith("PA-")]
    code = line.split()[0]
    assert "QUÁ HẠN" in line and "Cống thoát nước" in line
    shown = ttcs("feedback", "show", "--as", "bientap.eakao", code)
    assert "Tiếp nhận qua Trang web" in shown.output and "overdue" in shown.output
    answered = ttcs("feedback", "answer", "--as", "bientap.eakao", code, "--text", "Đã thay nắp cống.")
    assert answered.exit_code == 0 and "[Đã trả lời]" in answered.output
    assert "bientap.eakao    cli      answer" in ttcs("feedback", "show", "--as", "duyet.eakao", code).output
    refused = ttcs("feedback", "answer", "--as", "bientap.cumgar", code, "--text", "x")
    assert refused.exit_code == 1 and "ngoài phạm vi" in refused.output


def test_demo_data_is_refused_in_production(settings):
    """Demo officials share a published password: a production hub must never get them."""
    result = CliRunner().invoke(
        cli,
        ["seed", "--demo"],
        env={
            "TTCS_ENV": "production",
            "TTCS_DATABASE_URL": settings.sqlalchemy_url,
            "TTCS_VAR_DIR": str(settings.var_dir),
            "TTCS_SECRET_KEY": "p" * 40,
        },
    )
    assert result.exit_code != 0
    assert "không tạo dữ liệu mẫu khi TTCS_ENV=production" in result.output
    assert "refuses to run with TTCS_ENV=production" in result.output


def test_demo_device_tokens_are_made_per_install_and_printed_again(tmp_path):
    """Two installs of the demo get different device tokens (a token printed in a README would open
    every demo hub's devices); `ttcs seed --demo` prints the same ones again, and they work."""
    import hashlib
    import hmac
    import re

    from hub.bootstrap import build_hub
    from hub.config import load_settings
    from hub.devices import access as device_access
    from hub.kit.errors import Unauthorized

    runner = CliRunner()
    printed = []
    for install in ("a", "b"):
        var = tmp_path / install
        env = {
            "TTCS_VAR_DIR": str(var),
            "TTCS_DATABASE_URL": f"sqlite:///{var / 'ttcs.sqlite3'}",
            "TTCS_SECRET_KEY": "s" * 40,
            "TTCS_ADMIN_PASSWORD": "admin-password-1",
            "TTCS_LOG_LEVEL": "warning",
        }
        outputs = []
        for args in (["db", "upgrade"], ["seed", "--demo"], ["seed", "--demo"]):
            common.hub.cache_clear()
            result = runner.invoke(cli, args, env=env, catch_exceptions=False)
            common.hub().close()
            assert result.exit_code == 0, result.output
            outputs.append(result.output)
        common.hub.cache_clear()
        first, again = (re.findall(r"mã: (\S+)", out) for out in outputs[1:])
        assert len(first) == 4 and first == again
        printed.append(first)
        hub = build_hub(load_settings(database_url=env["TTCS_DATABASE_URL"], var_dir=var, secret_key="s" * 40))
        with hub.database.uow(write=False) as uow:
            assert device_access.authenticate(uow, first[0]).imei == "860001000000011"
            fixed = (
                "ttcsd_demo_" + hmac.new(DEMO_PASSWORD.encode(), b"860001000000011", hashlib.sha256).hexdigest()[:32]
            )
            with pytest.raises(Unauthorized):  # the token every install used to share
                device_access.authenticate(uow, fixed)
        hub.close()
    assert not set(printed[0]) & set(printed[1])


def test_user_add_reads_the_password_from_stdin_without_a_terminal(ttcs, client):
    args = ("user", "add", "bientap.stdin", "--name", "Lê Thị Bình", "--role", "editor", "--area", "24175")
    added = ttcs(*args, input="mat-khau-tu-stdin\n")
    assert added.exit_code == 0, added.output
    token = client.post("/api/v1/auth/token", data={"username": "bientap.stdin", "password": "mat-khau-tu-stdin"})
    assert token.status_code == 200, token.text
    nothing = ttcs("user", "add", "bientap.rong", "--name", "A", "--role", "editor", "--area", "24175", input="")
    assert nothing.exit_code == 2 and "--password" in nothing.output
