"""`POST /api/v1/auth/token`: the OAuth2 resource-owner password grant, answered as RFC 6749 §5 says.

Success (§5.1) and every error (§5.2) carry `Cache-Control: no-store` and `Pragma: no-cache`, so no
cache keeps a token or a refusal. Errors are 400 with the standard `error` (`invalid_request` for a
missing name or password, `unsupported_grant_type` for a grant other than `password`, `invalid_grant`
for wrong credentials or a disabled account) and an ASCII `error_description`, served as
`application/json` as §5.2 requires; the body also keeps the problem+json members every other
endpoint has (`detail` in Vietnamese, `code`, `title`, `status`, `type`), which our clients show.

A sign-in refused by the lockout stays **429** with `Retry-After` (how long to wait is the one thing
such a client needs, and 429 is where HTTP clients look for it), with `error: invalid_grant` so that an
OAuth2 library reading only `error` still sees a failed grant. A missing `grant_type` is taken as
`password`, as the scripts and devices written against this hub send only the name and password.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import JSONResponse

from hub.accounts import service
from hub.accounts.schemas import TokenOut, UserOut
from hub.accounts.service import BAD_CREDENTIALS, LoginPolicy
from hub.http.client import client_address
from hub.http.deps import HubDep, WriteUow
from hub.kit.errors import TooManyRequests

router = APIRouter(prefix="/api/v1", tags=["accounts"])

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "detail", "code"],
    "properties": {
        "error": {
            "type": "string",
            "enum": ["invalid_request", "invalid_grant", "unsupported_grant_type"],
        },
        "error_description": {"type": "string"},
        "detail": {"type": "string", "description": "Vietnamese, for the person signing in."},
        "code": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "type": {"type": "string"},
        "instance": {"type": "string"},
    },
}
RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "RFC 6749 §5.2 error", "content": {"application/json": {"schema": _ERROR_SCHEMA}}},
    429: {
        "description": "Too many failed sign-ins: wait `Retry-After` seconds (`error`: invalid_grant)",
        "content": {"application/json": {"schema": _ERROR_SCHEMA}},
    },
}


def oauth_error(
    request: Request, status: int, error: str, description: str, detail: str, code: str, **headers: str
) -> JSONResponse:
    body = {
        "error": error,
        "error_description": description,
        "type": f"urn:ttcs:problem:{code}",
        "title": "Không đăng nhập được",
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "code": code,
    }
    return JSONResponse(body, status_code=status, headers={**NO_STORE, **headers})


@router.post(
    "/auth/token",
    response_model=TokenOut,
    responses=RESPONSES,
    summary="Đăng nhập (OAuth2 password) lấy mã truy cập",
)
def token(
    request: Request,
    response: Response,
    hub: HubDep,
    uow: WriteUow,
    grant_type: Annotated[str | None, Form(description="`password` (may be left out)")] = None,
    username: Annotated[str | None, Form()] = None,
    password: Annotated[str | None, Form(json_schema_extra={"format": "password"})] = None,
    scope: Annotated[str, Form(description="Not used: rights come from the official's roles.")] = "",
) -> Any:
    if grant_type not in (None, "", "password"):
        detail = "Chỉ hỗ trợ đăng nhập bằng tên và mật khẩu (grant_type=password)."
        return oauth_error(
            request, 400, "unsupported_grant_type", "Only grant_type=password is supported.", detail,
            "unsupported_grant_type",
        )  # fmt: skip
    if not username or not password:
        detail = "Cần gửi tên đăng nhập (username) và mật khẩu (password)."
        return oauth_error(
            request, 400, "invalid_request", "username and password are required.", detail, "invalid_request"
        )
    try:
        user = service.login(uow, LoginPolicy.of(hub.settings), username, password, client_address(request))
    except TooManyRequests as exc:
        uow.rollback()
        return oauth_error(
            request, 429, "invalid_grant", "Too many failed sign-ins; retry later.", exc.detail, exc.code,
            **{"Retry-After": str(exc.retry_after)},
        )  # fmt: skip
    if user is None:
        uow.commit()  # the failed attempt must count towards the lockout
        return oauth_error(
            request, 400, "invalid_grant", "Wrong user name or password.", BAD_CREDENTIALS, "bad_credentials"
        )
    ttl = timedelta(minutes=hub.settings.token_ttl_minutes)
    access, expires = service.issue_token(user, hub.signing_key, ttl)
    response.headers.update(NO_STORE)
    return TokenOut(access_token=access, expires_at=expires, expires_in=int(ttl.total_seconds()), user=UserOut.of(user))
