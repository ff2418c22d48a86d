"""Every error as problem+json (RFC 9457), with a Vietnamese `detail` a person can act on.

Machine fields (`code`, `errors[].loc`, `current_status` …) stay English for API clients.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from hub.kit.errors import Conflict, HubError, TooManyRequests, Unavailable

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"


def problem(
    status: int, title: str, detail: str, code: str, instance: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = {
        "type": f"urn:ttcs:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        "code": code,
    }
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def render(error: HubError, instance: str) -> JSONResponse:
    headers = {}
    if isinstance(error, TooManyRequests):
        headers["Retry-After"] = str(error.retry_after)
    if error.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return problem(error.status, error.title, error.detail, error.code, instance, headers, **error.extra)


def install(app: FastAPI) -> None:
    @app.exception_handler(HubError)
    async def _hub_error(request: Request, exc: HubError) -> JSONResponse:
        return render(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _errors(exc.errors())
        return problem(
            422, "Dữ liệu không hợp lệ", _detail(errors), "validation_failed", request.url.path, errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail, code = _HTTP_DETAILS.get(exc.status_code, (str(exc.detail), "http_error"))
        return problem(
            exc.status_code, detail, detail, code, request.url.path, headers=dict(exc.headers) if exc.headers else None
        )

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError) -> JSONResponse:
        error = Conflict("Dữ liệu vừa được người khác thay đổi. Vui lòng tải lại rồi thử lại.", code="stale")
        return render(error, request.url.path)

    @app.exception_handler(OperationalError)
    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        if isinstance(exc, OperationalError) or exc.connection_invalidated:
            log.error("database unavailable: %s", exc.orig)
            error = Unavailable(
                "Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Dữ liệu chưa được lưu; "
                "vui lòng thử lại sau ít phút.",
                code="database_unavailable",
            )
            response = render(error, request.url.path)
            response.headers["Retry-After"] = "30"
            return response
        log.exception("database error")
        return problem(
            500, "Lỗi hệ thống", "Đã có lỗi hệ thống; thao tác chưa được thực hiện.", "internal", request.url.path
        )


_HTTP_DETAILS = {
    400: ("Yêu cầu không đọc được: nội dung gửi lên không đúng định dạng (ví dụ JSON hỏng).", "bad_request"),
    404: ("Không tìm thấy địa chỉ này.", "not_found"),
    405: ("Phương thức không được hỗ trợ tại địa chỉ này.", "method_not_allowed"),
    401: ("Bạn cần đăng nhập.", "unauthorized"),
}

_TYPE_MESSAGES = {
    "missing": "thiếu, cần nhập",
    "string_too_short": "quá ngắn",
    "string_too_long": "quá dài",
    "string_type": "phải là chuỗi ký tự",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "float_parsing": "phải là số",
    "bool_parsing": "phải là đúng/sai (true/false)",
    "datetime_parsing": "không đúng định dạng ngày giờ (ví dụ 2026-01-20T07:30:00+07:00)",
    "datetime_from_date_parsing": "không đúng định dạng ngày giờ (ví dụ 2026-01-20T07:30:00+07:00)",
    "date_parsing": "không đúng định dạng ngày (ví dụ 2026-01-20)",
    "enum": "không thuộc các giá trị cho phép",
    "literal_error": "không thuộc các giá trị cho phép",
    "list_type": "phải là một danh sách",
    "too_short": "cần ít nhất một phần tử",
    "too_long": "có quá nhiều phần tử",
    "greater_than_equal": "quá nhỏ",
    "less_than_equal": "quá lớn",
    "json_invalid": "không phải JSON hợp lệ",
    "model_attributes_type": "phải là một đối tượng JSON",
    "dict_type": "phải là một đối tượng JSON",
    "extra_forbidden": "không được phép",
    "value_error": "không hợp lệ",
}


def _errors(raw: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"loc": list(err.get("loc", ())), "type": err.get("type"), "message": _vi_message(err)} for err in raw]


def _detail(errors: list[dict[str, Any]]) -> str:
    return "Dữ liệu gửi lên chưa đúng: " + "; ".join(f"{_field(e['loc'])}: {e['message']}" for e in errors[:5])


def validation_detail(raw: Sequence[Any]) -> str:
    """The Vietnamese sentence naming the fields of a validation error (pages show it too)."""
    return _detail(_errors(raw))


def _vi_message(err: dict[str, Any]) -> str:
    kind = str(err.get("type", ""))
    message = _TYPE_MESSAGES.get(kind, "không hợp lệ")
    ctx = err.get("ctx") or {}
    if kind == "enum" and "expected" in ctx:
        message += f" ({str(ctx['expected']).replace(' or ', ' hoặc ')})"
    if kind in ("string_too_long", "too_long") and "max_length" in ctx:
        message += f" (tối đa {ctx['max_length']})"
    if kind in ("string_too_short",) and "min_length" in ctx:
        message += f" (tối thiểu {ctx['min_length']})"
    return message


def _field(loc: list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "form", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "nội dung"
