"""The error answers of every operation, documented once for the whole API.

Every route can be refused in the same few ways (bad input, no or wrong credentials, outside one's
area, not found, a state conflict, too large, too many requests, the database down), and every
refusal is problem+json (`hub.http.problems`). Rather than repeating that on ~120 routes, the app
factory post-processes the generated document: each operation gets those responses with the
`Problem` schema, unless it documents a status itself. Routers that speak another protocol's
error format (Open311, the source-system API) declare it with `ALTERNATE_ERRORS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from hub.http.problems import MEDIA_TYPE

ERRORS = {
    "400": "Yêu cầu không đọc được (ví dụ JSON hỏng).",
    "401": "Chưa đăng nhập hoặc mã truy cập hết hạn.",
    "403": "Không có quyền (vai trò, địa bàn).",
    "404": "Không tìm thấy.",
    "422": "Dữ liệu không hợp lệ (trường nào, vì sao: `errors`, `field`).",
    "429": "Quá nhiều yêu cầu (xem Retry-After).",
    "503": "Tạm thời không phục vụ được (cơ sở dữ liệu).",
}
WRITE_ERRORS = {
    "409": "Xung đột trạng thái (ai đó vừa thay đổi, chuyển trạng thái không được).",
    "413": "Dữ liệu gửi lên quá lớn.",
    "415": "Kiểu dữ liệu (Content-Type) không được hỗ trợ.",
}
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details, `detail` in Vietnamese, `code` for machines.",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string"},
        "field": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# path prefix → media types (with schema) its own protocol answers errors in, beside problem+json
ALTERNATE_ERRORS: dict[str, dict[str, Any]] = {}


def alternate_errors(prefix: str, content: dict[str, Any]) -> None:
    """Errors under `prefix` may also come in `content` (another protocol's format)."""
    ALTERNATE_ERRORS[prefix] = content


def document_errors(document: dict[str, Any]) -> dict[str, Any]:
    document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path, operations in document.get("paths", {}).items():
        extra = next((c for prefix, c in ALTERNATE_ERRORS.items() if path.startswith(prefix)), {})
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            errors = dict(ERRORS)
            if method not in ("get", "head"):
                errors.update(WRITE_ERRORS)
            for status, description in errors.items():
                given = responses.get(status)
                if given is not None and status != "422":
                    continue  # the route documented this answer itself
                content = {MEDIA_TYPE: {"schema": PROBLEM_REF}, **extra}
                responses[status] = {"description": description, "content": content}
    document["components"]["schemas"].pop("HTTPValidationError", None)
    document["components"]["schemas"].pop("ValidationError", None)
    return document


def install(app: FastAPI) -> None:
    """Replace `app.openapi` with one that adds the error answers (built once, then cached)."""
    original: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(original())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend its schema
