"""Which handled domain events no service emits: a handler for an event nobody emits is dead code
that looks alive (the offline notice that was never sent).

The product's code is read, not run: a class counts as emitted when it is named inside an
`….emit(…)` call, or in a module-level table that such a call uses (`EVENTS[action](…)`).
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterable
from pathlib import Path

from hub.kit.events import DomainEvent
from hub.plugins import Registry

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("hub", "bot", "devices", "voice", "nlu")


def handled(registry: Registry) -> set[type[DomainEvent]]:
    return {*registry.listeners, *registry.in_transaction, *registry.after_commit}


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def emitted_in(source: str) -> set[str]:
    """The names used by the `emit(...)` calls of one module, module-level tables expanded."""
    tree = ast.parse(source)
    tables: dict[str, set[str]] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    tables[target.id] = _names(statement.value)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "emit":
            for arg in node.args:
                for name in _names(arg):
                    found |= {name, *tables.get(name, ())}
    return found


def emitted(root: Path = ROOT) -> set[str]:
    names: set[str] = set()
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            if "emit(" in source:
                names |= emitted_in(source)
    return names


def _family(event: type[DomainEvent]) -> set[str]:
    """The class and its subclasses: a handler of `BulletinEvent` hears every bulletin event."""
    names = {event.__name__}
    for sub in event.__subclasses__():
        names |= _family(sub)
    return names


def never_emitted(registry: Registry, names: Iterable[str] | None = None) -> list[str]:
    """The handled event classes that no `emit(...)` names, as "module.Class"."""
    known = set(emitted() if names is None else names)
    return sorted(
        f"{inspect.getmodule(event).__name__}.{event.__name__}"  # type: ignore[union-attr]
        for event in handled(registry)
        if not _family(event) & known
    )
