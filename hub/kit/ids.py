"""The id of an aggregate that the database has not stored yet.

Aggregates get their integer id from the database when the unit of work flushes the INSERT. Their
field reads `id: int = ASSIGNED_ON_FLUSH`: typed `int`, because every use of an id in a service, a
repository, a schema or a job payload happens after the flush (repositories flush when a caller needs
the id at once, and queries autoflush), and `None` at run time, so the INSERT leaves the column to
the database's sequence. Code that builds an aggregate never invents an id; tests that build one
without a database may pass one.
"""

from __future__ import annotations

from typing import Final, cast

ASSIGNED_ON_FLUSH: Final[int] = cast(int, None)
