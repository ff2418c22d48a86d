"""The errors of TTCS, shared by the domain, the services and every entry point.

    HubError                      status  code
    ├── InvalidInput              422     invalid_input        (bad values, unknown area code …)
    ├── Unauthorized              401     unauthorized         (no or bad credentials)
    ├── Forbidden                 403     forbidden            (outside one's role or area)
    ├── NotFound                  404     not_found
    ├── Conflict                  409     conflict             (impossible transition, stale version)
    ├── PayloadTooLarge           413     payload_too_large
    ├── UnsupportedMediaType      415     unsupported_media_type
    ├── TooManyRequests           429     too_many_requests
    └── Unavailable               503     unavailable          (database or a required service down)
    ConfigurationError            —       raised at start-up, names the setting

Each error carries its HTTP status so that one handler renders all of them as problem+json, and a
Vietnamese `detail` that an official or a citizen can act on. `code` and `extra` are for machines.
Nothing here imports a web framework: the CLI and the chat commands show the same `detail`.
"""

from __future__ import annotations

from typing import Any


class HubError(Exception):
    status: int = 500
    code: str = "error"
    title: str = "Lỗi hệ thống"

    def __init__(self, detail: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code
        self.extra = extra


class InvalidInput(HubError):
    status = 422
    code = "invalid_input"
    title = "Dữ liệu không hợp lệ"


class Unauthorized(HubError):
    status = 401
    code = "unauthorized"
    title = "Chưa đăng nhập"


class Forbidden(HubError):
    status = 403
    code = "forbidden"
    title = "Không có quyền"


class NotFound(HubError):
    status = 404
    code = "not_found"
    title = "Không tìm thấy"


class Conflict(HubError):
    status = 409
    code = "conflict"
    title = "Xung đột trạng thái"


class PayloadTooLarge(HubError):
    status = 413
    code = "payload_too_large"
    title = "Dữ liệu quá lớn"


class UnsupportedMediaType(HubError):
    status = 415
    code = "unsupported_media_type"
    title = "Kiểu dữ liệu không được hỗ trợ"


class TooManyRequests(HubError):
    status = 429
    code = "too_many_requests"
    title = "Quá nhiều yêu cầu"

    def __init__(self, detail: str, *, retry_after: int, **extra: Any) -> None:
        super().__init__(detail, retry_after=retry_after, **extra)
        self.retry_after = retry_after


class Unavailable(HubError):
    status = 503
    code = "unavailable"
    title = "Tạm thời không phục vụ được"


class ConfigurationError(Exception):
    """A setting is missing or wrong; the message names the `TTCS_` variable."""
