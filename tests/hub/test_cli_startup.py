"""The command line starts without loading what its command does not need (issue: `ttcs --help`
took 7 s, importing scikit-learn, the NLU and every channel before any command ran, and hashing a
password at import). Checked by what a fresh interpreter has imported, never by timing; the times are
measured by bench/startup.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("fastapi", "sklearn", "numpy", "sqlalchemy.orm", "hub.app", "bot.plugin", "argon2", "telegram", "uvicorn")
PROBE = """
import json, sys
from hub.cli.main import cli
try:
    cli.main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print("\\nMODULES " + json.dumps(sorted(sys.modules)))
"""


def imported_by(*args: str, env: dict[str, str] | None = None) -> tuple[str, set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=True,
        timeout=120,
    )
    output, _, modules = result.stdout.rpartition("\nMODULES ")
    return output, set(json.loads(modules))


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("normalize", "--help"),
        ("nlu", "parse", "--help"),
        ("feedback", "list", "--help"),
        ("speaker", "--help"),
        ("serve", "--help"),
    ],
    ids=" ".join,
)
def test_starting_a_command_imports_nothing_heavy(args: tuple[str, ...]) -> None:
    output, modules = imported_by(*args)
    assert "Usage:" in output
    loaded = sorted(m for m in modules for heavy in HEAVY if m == heavy or m.startswith(heavy + "."))
    assert loaded == []


def test_help_lists_the_commands_of_every_package() -> None:
    output, _ = imported_by("--help")
    for command in ("serve", "feedback", "report", "normalize", "nlu", "ivr", "speaker", "simulate"):
        assert f"  {command} " in output


def test_an_operators_plugin_still_adds_its_command() -> None:
    env = {"TTCS_PLUGINS": "tests.support.cli_plugin"}
    result = subprocess.run(
        [sys.executable, "-c", "from hub.cli import main; main()", "chao"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "xin chào từ plugin riêng" in result.stdout


def test_the_packages_declare_their_commands_as_entry_points() -> None:
    """A package's plugin that calls `registry.command` would add a command `main()` never sees (it
    loads only the operator's plugins): the packages declare theirs in `pyproject.toml`."""
    from hub.plugins import load

    assert [command.name for command in load().cli_commands] == []
