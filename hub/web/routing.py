"""Pages: the route class every web page uses, and the dependencies a page asks for.

    router = page_router("/quan-tri/thiet-bi")

    @router.get("", name="devices")
    def devices(request: Request, official: Official, uow: ReadUow) -> HTMLResponse:
        return render(request, "devices/list.html", {"devices": service.list(uow, official)})

`PageRoute` around every page: it loads the session lazily, refuses a state-changing request whose
CSRF token (form field `csrf_token` or header `X-CSRF-Token`) does not match the session's or whose
`Origin` is another site, sends an official whose session ended to the sign-in page — keeping what
a form posted, to be offered again after sign-in — renders our errors as a page with their
Vietnamese detail, and adds the security headers.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from starlette.background import BackgroundTask, BackgroundTasks
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import Response

from hub.accounts import principals
from hub.accounts.model import Principal
from hub.context import Hub
from hub.http import problems
from hub.http.deps import HubDep
from hub.kit.errors import Conflict, Forbidden, HubError, InvalidInput, NotFound, Unauthorized
from hub.web import once, resume
from hub.web.session import COOKIE, WebSession, codec, get_session
from hub.web.templating import render

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SIGN_IN = "/quan-tri/dang-nhap"
HOME = "/quan-tri/"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


class SignInRequired(Exception):
    def __init__(self, expired: bool) -> None:
        super().__init__("sign-in required")
        self.expired = expired


class CsrfRefused(Forbidden):
    code = "csrf_failed"


WebSessionDep = Annotated[WebSession, Depends(get_session)]


def current_official(request: Request, hub: HubDep) -> Principal:
    session = get_session(request)
    if session.token is None:
        raise SignInRequired(session.expired)
    try:
        principal = principals.principal(hub, session.token, channel="web")
    except Unauthorized as exc:  # expired, or the account was disabled or its password changed
        session.sign_out(expired=True)
        raise SignInRequired(True) from exc
    request.state.official = principal
    return principal


def optional_official(request: Request, hub: HubDep) -> Principal | None:
    """The official when signed in (public pages show the menu then), else None."""
    if COOKIE not in request.cookies:
        return None
    try:
        return current_official(request, hub)
    except SignInRequired:
        return None


Official = Annotated[Principal, Depends(current_official)]
MaybeOfficial = Annotated[Principal | None, Depends(optional_official)]


async def form_data(request: Request) -> FormData:
    """The posted form, read once (the CSRF check has usually read it already)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(form_data)]


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


class PageRoute(APIRoute):
    """The route class of the officials' pages (errors shown with `web/error.html`)."""

    error_template = "web/error.html"

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        error_template = self.error_template

        async def page(request: Request) -> Response:
            token = ""
            tokens: tuple[str, ...] = ()
            try:
                if request.method not in SAFE_METHODS:
                    await check_csrf(request, get_session(request))
                    # An htmx request (a preview, a live check) sends the form's fields without
                    # submitting it: only a real submit spends the form's once-token.
                    token = "" if is_htmx(request) else await _once_token(request)
                    if token:
                        database = request.app.state.hub.database
                        taken = await run_in_threadpool(once.claim, database, token, None)
                        if taken is not None:
                            token = ""  # not ours to finish or give back
                            return _already_sent(request, taken, error_template)
                        same = await _same_values(request)
                        taken = await run_in_threadpool(
                            partial(once.claim, database, same, None, fresh_for=once.SAME_VALUES)
                        )
                        if taken is not None:
                            await run_in_threadpool(once.release, database, token)
                            token = ""
                            return _already_sent(request, taken, error_template)
                        tokens = (token, same)
                response = await handler(request)
            except SignInRequired as exc:
                response = await _sign_in_required(request, exc)
            except HubError as exc:
                response = error_page(request, exc, error_template)
            except RequestValidationError as exc:
                response = error_page(request, _invalid(exc), error_template)
            if token:
                _settle(request, tokens, response)
            session = getattr(request.state, "web_session", None)
            if session is not None:
                codec(request.app.state.hub).save(response, session)
            _secure(response, private=session is not None and session.signed_in)
            return response

        return page


async def _once_token(request: Request) -> str:
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return ""
    value = (await request.form()).get(once.FIELD)
    return value if isinstance(value, str) and once.valid(value) else ""


def _settle_all(database: Any, tokens: tuple[str, ...], location: str | None) -> None:
    for token in tokens:
        if location:
            once.finish(database, token, location)
        else:
            once.release(database, token)


async def _same_values(request: Request) -> str:
    form = await request.form()
    fields = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    return once.fingerprint(get_session(request).csrf, request.url.path, fields)


def _settle(request: Request, tokens: tuple[str, ...], response: Response) -> None:
    """A submission that led somewhere keeps its token (with where it led); any other gives it back.
    Written once the response is sent: by then the handler's unit of work has closed (on SQLite it
    holds the write lock until then)."""
    database = request.app.state.hub.database
    location = response.headers.get("location") if response.status_code in (302, 303) else None
    task = BackgroundTask(_settle_all, database, tokens, location)
    if response.background is None:
        response.background = task
    else:
        tasks = BackgroundTasks([response.background, task])
        response.background = tasks


def _already_sent(request: Request, taken: once.Taken, error_template: str) -> Response:
    session = get_session(request)
    if taken.location is None:
        busy = Conflict(
            "Biểu mẫu này đang được gửi (từ một thẻ khác hoặc một lần bấm trước). Hãy đợi giây lát rồi tải lại trang.",
            code="form_in_progress",
        )
        response: Response = error_page(request, busy, error_template)
    else:
        session.flash("Biểu mẫu này đã được gửi trước đó nên không gửi lại; đây là kết quả của lần gửi đó.", "info")
        response = see_other(taken.location)
    codec(request.app.state.hub).save(response, session)
    _secure(response, private=session.signed_in)
    return response


def page_router(prefix: str = "", *, route_class: type[APIRoute] = PageRoute, **kwargs: Any) -> APIRouter:
    """A router of HTML pages (not in the OpenAPI document)."""
    return APIRouter(
        prefix=prefix, route_class=route_class, include_in_schema=False, default_response_class=HTMLResponse, **kwargs
    )


async def check_csrf(request: Request, session: WebSession) -> None:
    origin = request.headers.get("origin")
    if origin and origin != f"{request.url.scheme}://{request.url.netloc}":
        hub: Hub = request.app.state.hub
        if origin != hub.settings.public_url.rstrip("/"):
            raise CsrfRefused("Yêu cầu đến từ một trang khác nên bị từ chối.", code="csrf_origin")
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get("csrf_token")
            sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent.encode(), session.csrf.encode()):
        raise CsrfRefused(
            "Biểu mẫu đã quá hạn hoặc không hợp lệ nên chưa được gửi. Vui lòng tải lại trang rồi thử lại.",
            code="csrf_failed",
        )


async def _sign_in_required(request: Request, exc: SignInRequired) -> Response:
    where = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method in SAFE_METHODS:
        url = f"{SIGN_IN}?next={quote(where)}" + ("&expired=1" if exc.expired else "")
        if is_htmx(request):
            return HTMLResponse("", headers={"HX-Redirect": url})
        return see_other(url)
    # A form posted after the session ended: keep what was typed, to offer it again after sign-in.
    form = await request.form()
    fields = [(k, v) for k, v in form.multi_items() if k != "csrf_token" and isinstance(v, str)]
    hub: Hub = request.app.state.hub
    context = {
        "title": "Đăng nhập",
        "next": HOME,
        "resume": resume.dump(hub.signing_key, request.url.path, fields),
        "expired": exc.expired,
        "kept": True,
        "error": "",
        "username": "",
    }
    headers = {"HX-Retarget": "body", "HX-Reswap": "innerHTML"} if is_htmx(request) else None
    return render(request, "web/signin.html", context, status=401, headers=headers)


def _invalid(exc: RequestValidationError) -> HubError:
    """A page's address or query that does not validate: "not found" for a bad path, else the fields."""
    errors = list(exc.errors())
    if errors and all(tuple(e.get("loc", ()))[:1] == ("path",) for e in errors):
        return NotFound("Không tìm thấy trang này. Vui lòng kiểm tra lại địa chỉ.", code="not_found")
    return InvalidInput(problems.validation_detail(errors), code="validation_failed")


def error_page(request: Request, exc: HubError, template: str = "web/error.html") -> Response:
    context = {"title": exc.title, "error": exc}
    if is_htmx(request):
        return render(request, "web/_error.html", context, headers={"HX-Reswap": "innerHTML"})
    return render(request, template, context, status=exc.status)


def _secure(response: Response, *, private: bool) -> None:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if private:
        headers["Cache-Control"] = "no-store"
