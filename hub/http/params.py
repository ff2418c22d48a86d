"""Integer parameters every route shares, bounded so that no number reaches the database driver
unchecked: SQLite and PostgreSQL store 64-bit integers, and a bigger one raised OverflowError deep in
the driver (a 500). One type per kind of number, used by every API route and page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path, Query
from pydantic import Field

INT64_MAX = 2**63 - 1

Id = Annotated[int, Path(ge=1, le=INT64_MAX, description="Mã số (số nguyên dương).")]
"""A row id in the path: `/bulletins/{bulletin_id}`."""

QueryId = Annotated[int, Query(ge=1, le=INT64_MAX, description="Mã số (số nguyên dương).")]
"""A row id in the query string: `?contact_id=…`."""

BodyId = Annotated[int, Field(ge=1, le=INT64_MAX)]
"""A row id inside a JSON body."""

FormId = Annotated[int, Form(ge=1, le=INT64_MAX, description="Mã số (số nguyên dương).")]
"""A row id in a posted form (uploads)."""

Cursor = Annotated[int, Query(ge=0, le=INT64_MAX, description="Chỉ lấy các mục có mã lớn hơn số này.")]
"""A position in an append-only list (messages after this id, a manifest version)."""


def parse_id(text: str) -> int | None:
    """An id written inside a larger string (a CAP identifier, a form field); None when it is not one."""
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if 1 <= value <= INT64_MAX else None
