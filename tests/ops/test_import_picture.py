"""The import picture is a downward flow: the contracts of `[tool.importlinter]` in pyproject.toml hold.

`make lint` runs the same check; running it here too means `make test` alone catches an import that
breaks the layering (a domain model importing SQLAlchemy, the registry importing the web kit …)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_import_contract_is_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_plugin_registry_loads_without_the_web_kit():
    code = "import sys, hub.plugins; sys.exit(1 if any(m.startswith('hub.web') for m in sys.modules) else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60).returncode == 0
