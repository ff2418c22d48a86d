"""Maps the plain domain classes onto their tables, once per process.

Each domain registers its `map_tables` function with the plugin registry; mapping twice would
fail, so every function runs once whatever the number of apps, workers or tests in the process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, cast

from sqlalchemy.orm import QueryableAttribute

_lock = threading.Lock()
_done: set[str] = set()


def configure_mappers(mappers: Iterable[Callable[[], None]]) -> None:
    with _lock:
        for map_tables in mappers:
            key = f"{map_tables.__module__}.{map_tables.__qualname__}"
            if key not in _done:
                map_tables()
                _done.add(key)


def mapped(cls: type, name: str) -> QueryableAttribute[Any]:
    """The instrumented attribute of an imperatively mapped class, for loader options and queries.

    Type checkers see the dataclass field (`Case.events` is a `list[CaseEvent]`), not what the
    mapping put on the class; this names the one place where the two views meet.
    """
    return cast(QueryableAttribute[Any], getattr(cls, name))
