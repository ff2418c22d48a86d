"""Which handled domain events no service emits: a handler for an event nobody emits is dead code
that looks alive (the offline notice that was never sent)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable
from pathlib import Path

from hub.kit.events import DomainEvent
from hub.plugins import Registry

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("hub", "bot", "devices", "voice", "nlu")
EMITS = re.compile(r"\bemit\(")


def handled(registry: Registry) -> set[type[DomainEvent]]:
    return {*registry.listeners, *registry.in_transaction, *registry.after_commit}


def emitting_sources(root: Path = ROOT) -> list[str]:
    """The text of every module that emits events (`uow.emit(...)`)."""
    sources = []
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if EMITS.search(text) and "def emit(" not in text:
                sources.append(text)
    return sources


def _emitted(event: type[DomainEvent], sources: Iterable[str]) -> bool:
    """An emitting module names the class itself or one of its subclasses (a handler of
    `BulletinEvent` hears every bulletin event)."""
    names = {cls.__name__ for cls in [event, *_subclasses(event)]}
    return any(re.search(rf"\b{name}\b", text) for name in names for text in sources)


def _subclasses(event: type[DomainEvent]) -> list[type[DomainEvent]]:
    found = []
    for sub in event.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def never_emitted(registry: Registry, sources: Iterable[str] | None = None) -> list[str]:
    """The handled event classes that no emitting module names, as "module.Class"."""
    texts = list(emitting_sources() if sources is None else sources)
    return sorted(
        f"{inspect.getmodule(event).__name__}.{event.__name__}"  # type: ignore[union-attr]
        for event in handled(registry)
        if not _emitted(event, texts)
    )
