"""Text no database can store, refused at the door with the field named.

PostgreSQL refuses the NUL character (\\x00) in text and neither database can store half of a
UTF-16 surrogate pair (a JSON `"\\ud800"`), so such a value reached the driver and came back as a
500. Every route (API and pages, through the app's dependencies) runs `refuse_unstorable_text`
first: it looks at the path, the query, and a JSON or form body — the body FastAPI or the endpoint
reads anyway, cached on the request — and answers 422 naming the field. Pages show it as their
error page, the API as problem+json.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from fastapi import Request
from starlette.requests import HTTPConnection

from hub.kit.errors import InvalidInput

_BAD = re.compile("[\x00\ud800-\udfff]")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _refuse(where: str) -> InvalidInput:
    return InvalidInput(
        f"Trường “{where}” chứa ký tự không hợp lệ (ký tự rỗng NUL hoặc ký tự Unicode hỏng). "
        "Vui lòng xóa ký tự đó rồi gửi lại.",
        code="invalid_character",
        field=where,
    )


def _walk(root: Any) -> Iterator[str]:
    """The location of every string in a JSON value that holds a character we cannot store (a loop,
    not recursion: the value may be nested as deep as the parser allowed)."""
    stack: list[tuple[Any, str]] = [(root, "")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            if _BAD.search(value):
                yield where
        elif isinstance(value, dict):
            for key, item in value.items():
                name = f"{where}.{key}" if where else str(key)
                if _BAD.search(str(key)):
                    yield name
                stack.append((item, name))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{index}]") for index, item in enumerate(value))


async def refuse_unstorable_text(connection: HTTPConnection) -> None:
    for name, value in [*connection.path_params.items(), *connection.query_params.multi_items()]:
        if isinstance(value, str) and (_BAD.search(value) or _BAD.search(name)):
            raise _refuse(name)
    if not isinstance(connection, Request) or connection.method in ("GET", "HEAD", "OPTIONS"):
        return  # a WebSocket (live broadcasts) sends binary audio after its handshake: nothing to read here
    request = connection
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith(_FORMS):
        form = await request.form()
        for name, value in form.multi_items():
            if _BAD.search(name) or (isinstance(value, str) and _BAD.search(value)):
                raise _refuse(name)
    elif "json" in content_type:
        body = await request.body()
        if b"\\u" not in body and b"\x00" not in body:  # NUL and surrogates can only be written escaped
            return
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return  # not JSON: the endpoint answers that itself
        for where in _walk(data):
            raise _refuse(where or "nội dung")
