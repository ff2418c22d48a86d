"""`voice` is a library the hub uses (speech, audio, the hotline's call flow): it never imports the
hub. What joins the hotline to the hub lives in `bot.hotline` (and the rendering in `hub.audio`)."""

from __future__ import annotations

import ast
from pathlib import Path

import voice
from hub.kit.text import fold as hub_fold
from voice.text import fold

VOICE = Path(voice.__file__).parent


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_no_module_of_voice_imports_the_hub_or_the_packages_that_join_it() -> None:
    found = []
    for path in sorted(VOICE.rglob("*.py")):
        for name in _imports(ast.parse(path.read_text(), str(path))):
            if name.split(".")[0] in {"hub", "bot", "devices"}:
                found.append(f"{path.relative_to(VOICE.parent)}: {name}")
    assert not found, "voice imports the hub:\n" + "\n".join(found)


def test_the_callers_words_are_folded_as_the_hub_folds_names() -> None:
    for text in ("Cư M’gar", "CƯ M'GAR", "Đắk Lắk", "  Phường   Ea Kao! ", "không", "Buôn Ma Thuột"):
        assert fold(text) == hub_fold(text)
