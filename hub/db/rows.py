"""How many rows an UPDATE or DELETE touched.

`Session.execute` is typed to return the general `Result`; for a DML statement it is a
`CursorResult`, which alone has `rowcount`. One cast here instead of one per repository.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy.engine import CursorResult, Result


def rowcount(result: Result[Any]) -> int:
    return cast(CursorResult[Any], result).rowcount
