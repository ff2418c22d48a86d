"""Types are checked: `make lint` runs the pinned mypy, `make test` lints first, and the few
`# type: ignore` comments left in the packages each name the error they silence and say why.

mypy itself is not run here (`make lint` does, with its cache); these tests keep the gate in place."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("hub", "bot", "devices", "voice", "nlu")
# `# type: ignore[code]  # why` — the reason is a comment after the code
EXPLAINED = re.compile(r"# type: ignore\[[a-z-]+(,[a-z-]+)*\]\s+#\s*\S")


def _make_rule(name: str) -> tuple[str, list[str]]:
    """The prerequisites and the recipe lines of a Makefile rule."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{name}:"))
    prerequisites = lines[start].split(":", 1)[1].split("##")[0]
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return prerequisites, recipe


def test_make_lint_runs_mypy_and_make_test_lints_first():
    _, lint = _make_rule("lint")
    assert any(line.endswith("/mypy") or "/mypy " in line for line in lint), lint
    prerequisites, _ = _make_rule("test")
    assert "lint" in prerequisites.split()


def test_mypy_is_pinned_and_strict_where_the_issue_says():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(re.fullmatch(r"mypy==[\d.]+", dep) for dep in project["project"]["optional-dependencies"]["dev"])
    config = project["tool"]["mypy"]
    assert config["check_untyped_defs"] is True
    assert set(PACKAGES) <= set(config["files"])
    strict = next(o for o in config["overrides"] if o.get("disallow_untyped_defs"))
    assert {"hub.*.model", "devices.protocol", "voice.*", "nlu.*"} <= set(strict["module"])


def test_every_type_ignore_in_the_packages_names_its_error_and_says_why():
    unexplained = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "# type: ignore" in line and not EXPLAINED.search(line)
    ]
    assert unexplained == []
