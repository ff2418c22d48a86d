"""Reading HTML forms: typed values out of the strings browsers send, with Vietnamese errors."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from starlette.datastructures import FormData

from hub.kit.errors import InvalidInput
from hub.kit.time import as_utc


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def raw(form: FormData, name: str) -> str:
    """A text as typed (bodies keep their line breaks and indentation)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def many(form: FormData, name: str) -> list[str]:
    return [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]


def local_datetime(value: str, *, field: str, label: str) -> datetime | None:
    """A `datetime-local` value ("2026-01-20T07:30"), typed in Vietnam time, as UTC; empty → None."""
    value = value.strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"):
        try:
            return as_utc(datetime.strptime(value, pattern))
        except ValueError:
            continue
    raise InvalidInput(
        f"{label} không đúng định dạng ngày giờ (ví dụ 20/01/2026 07:30).", code="datetime_invalid", field=field
    )


MAX_PAGE = 1_000_000  # far past any list, and (times a page size) far below what the database stores


def page_number(value: str | None) -> int:
    try:
        return min(MAX_PAGE, max(1, int(value or 1)))
    except ValueError:
        return 1


def one_of(value: str, choices: type[StrEnum]) -> str:
    """`value` when it is one of the enum's values, else "" (unknown filter values are ignored)."""
    return value if value in {c.value for c in choices} else ""
