"""Sign in (the same lockout as the API), sign out, resume a form kept across sign-in, one's account."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, Response

from hub.accounts import service as accounts
from hub.accounts.model import ROLE_LABELS, Principal, Role
from hub.accounts.service import BAD_CREDENTIALS, LoginPolicy
from hub.http.client import client_address
from hub.http.deps import HubDep, ReadUow, WriteUow
from hub.kit.errors import HubError, InvalidInput, TooManyRequests
from hub.web import resume
from hub.web.routing import HOME, SIGN_IN, Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

router = page_router("/quan-tri")

# How a kept form's fields are named on the "continue" page; fields not listed are sent but not shown.
FIELD_LABELS = {
    "title": "Tiêu đề",
    "summary": "Tóm tắt",
    "body": "Nội dung",
    "text": "Nội dung",  # a feedback answer
    "into": "Gộp vào",
    "unit": "Cơ quan nhận",
    "area_code": "Địa bàn",
    "reason": "Lý do",
    "targets": "Địa bàn nhận tin",
    "category": "Lĩnh vực",
    "priority": "Mức độ",
    "valid_from": "Bắt đầu",
    "valid_until": "Kết thúc",
    "title_ede": "Tiêu đề (Ê Đê)",
    "body_ede": "Nội dung (Ê Đê)",
    "title_mnong": "Tiêu đề (M’nông)",
    "body_mnong": "Nội dung (M’nông)",
    "full_name": "Họ và tên",
    "username": "Tên đăng nhập",
    "alias": "Tên gọi khác",
    "name": "Tên",
}


def safe_next(value: str) -> str:
    """Only our own pages: never an address on another site."""
    if value.startswith("/quan-tri/") and not value.startswith("//") and "\\" not in value:
        return value
    return HOME


@router.get("/dang-nhap", name="web.sign_in")
def sign_in_page(request: Request, session: WebSessionDep, next: str = HOME, expired: bool = False) -> Response:
    if session.signed_in:
        return see_other(safe_next(next))
    context = {"next": safe_next(next), "expired": expired, "kept": False, "resume": "", "error": "", "username": ""}
    return render(request, "web/signin.html", {"title": "Đăng nhập", **context})


@router.post("/dang-nhap")
def sign_in(
    request: Request,
    hub: HubDep,
    uow: WriteUow,
    session: WebSessionDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = HOME,
    resume_blob: Annotated[str, Form(alias="resume")] = "",
) -> Response:
    address = client_address(request)
    context = {"title": "Đăng nhập", "next": safe_next(next), "expired": False, "resume": resume_blob}
    context.update(kept=bool(resume_blob), username=username)
    try:
        user = accounts.login(uow, LoginPolicy.of(hub.settings), username, password, address, channel="web")
    except TooManyRequests as exc:
        return render(request, "web/signin.html", {**context, "error": exc.detail}, status=429)
    except InvalidInput as exc:  # a name no account can have (too long)
        return render(request, "web/signin.html", {**context, "error": exc.detail, "username": ""}, status=422)
    if user is None:
        uow.commit()  # the failed attempt must count towards the lockout
        return render(request, "web/signin.html", {**context, "error": BAD_CREDENTIALS}, status=401)
    ttl = timedelta(minutes=hub.settings.web_session_max_minutes)
    token, _ = accounts.issue_token(user, hub.signing_key, ttl)
    session.sign_in(token)
    request.state.official = Principal.of(user, "web")
    kept = resume.load(hub.signing_key, resume_blob)
    if kept is not None:
        shown = [(FIELD_LABELS[k], v) for k, v in kept.fields if k in FIELD_LABELS and v.strip()]
        restorable = any(k == "_restorable" for k, _ in kept.fields)
        page = {"title": "Tiếp tục công việc", "kept": kept, "shown": shown, "restorable": restorable}
        return render(request, "web/resume.html", page)
    session.flash(f"Xin chào {user.full_name}.")
    return see_other(safe_next(next))


@router.post("/dang-xuat", name="web.sign_out")
def sign_out(hub: HubDep, uow: WriteUow, session: WebSessionDep) -> Response:
    if session.token is not None:  # ended on the server too: a copy of the cookie stops working
        accounts.sign_out(uow, hub.signing_key, session.token)
    session.sign_out()
    session.flash("Bạn đã đăng xuất.")
    return see_other(SIGN_IN)


@router.get("/ca-nhan", name="web.me")
def me(request: Request, official: Official, uow: ReadUow) -> HTMLResponse:
    user = accounts.principal_user(uow, official)
    return render(request, "web/me.html", {"title": "Tài khoản của tôi", "user": user, "roles": _roles(official)})


@router.post("/ca-nhan/mat-khau")
def change_password(
    request: Request,
    hub: HubDep,
    official: Official,
    uow: WriteUow,
    session: WebSessionDep,
    old_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    repeat_password: Annotated[str, Form()] = "",
) -> Response:
    user = accounts.principal_user(uow, official)
    context = {"title": "Tài khoản của tôi", "user": user, "roles": _roles(official)}
    if len(new_password) < 8 or new_password != repeat_password:
        error = "Mật khẩu mới cần ít nhất 8 ký tự và hai lần nhập phải giống nhau."
        return render(request, "web/me.html", {**context, "error": error}, status=422)
    try:
        accounts.change_password(uow, official, old_password, new_password)
    except HubError as exc:
        uow.rollback()
        return render(request, "web/me.html", {**context, "error": exc.detail}, status=exc.status)
    # The change ends every earlier session and token; this browser stays signed in with a new one.
    ttl = timedelta(minutes=hub.settings.web_session_max_minutes)
    session.sign_in(accounts.issue_token(user, hub.signing_key, ttl)[0])
    session.flash("Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.")
    return see_other("/quan-tri/ca-nhan")


def _roles(official: Principal) -> list[str]:
    return [f"{ROLE_LABELS[Role(s.role)]} — {s.area_name}" for s in official.scopes]
