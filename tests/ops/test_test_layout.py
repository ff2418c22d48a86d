"""The tests mirror the packages and share only through `tests/support/`: a test folder never imports
another folder's conftest or modules (that coupling breaks when a folder moves), and no test names a
demo bulletin by its id (`/tin/6` changes as soon as the seed gains a bulletin)."""

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
DEMO_ID = re.compile(r"/(?:quan-tri/tin|api/v1/bulletins|xa/[0-9]+/tin)/[1-9][0-9]?\b")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tests."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("tests.")}
    return found


def test_no_folder_imports_another_folders_conftest_or_modules():
    crossing = []
    for path in TESTS.rglob("*.py"):
        folder = ".".join(("tests", *path.parent.relative_to(TESTS).parts))
        for module in _imports(path):
            if module.startswith("tests.support.") or module == "tests.support":
                continue
            if module.rpartition(".")[0] != folder:
                crossing.append(f"{path.relative_to(TESTS)} imports {module}")
    assert crossing == []


def test_no_test_names_a_demo_bulletin_by_its_id():
    named = [
        f"{path.relative_to(TESTS)}: {match.group(0)}"
        for path in TESTS.rglob("test_*.py")
        for match in DEMO_ID.finditer(path.read_text(encoding="utf-8"))
    ]
    assert named == []
