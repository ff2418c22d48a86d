"""Officials and their roles within the admin's area: list, create, lock and unlock, grant and revoke,
end a sign-in lockout (shown on the list and the official's page).
`hub.accounts.service` decides who may manage whom (only inside one's own area)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from hub.accounts import service as accounts
from hub.accounts.lockout import LoginPolicy
from hub.accounts.model import ROLE_LABELS, Permission, Principal
from hub.db.uow import UnitOfWork
from hub.http.deps import ReadUow, WriteUow
from hub.kit.errors import HubError, InvalidInput
from hub.web import forms
from hub.web.pages.compose import target_choices
from hub.web.routing import FormDep, Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

router = page_router("/quan-tri/tai-khoan")


def _policy(request: Request) -> LoginPolicy:
    return LoginPolicy.of(request.app.state.hub.settings)


def _choices(uow: UnitOfWork, official: Principal) -> dict[str, Any]:
    return {
        "roles": [(r.value, label) for r, label in ROLE_LABELS.items()],
        "areas": [
            (a.code, ("— " if child else "") + a.name)
            for a, child in target_choices(uow, official, [], Permission.MANAGE_USERS)
        ],
    }


@router.get("", name="web.users")
def users_page(request: Request, official: Official, uow: ReadUow) -> HTMLResponse:
    found = accounts.list_users(uow, official)
    context: dict[str, Any] = {
        "title": "Tài khoản cán bộ",
        "current": "users",
        "users": found,
        "error": None,
        "values": {},
    }
    context["locks"] = accounts.lock_states(uow, official, list(found), _policy(request))
    return render(request, "web/users/list.html", {**context, **_choices(uow, official)})


@router.post("")
def create(request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep) -> Response:
    values = {name: forms.text(form, name) for name in ("username", "full_name", "phone", "role", "area_code")}
    try:
        password = forms.raw(form, "password")
        if len(password) < 8:
            raise InvalidInput("Mật khẩu cần ít nhất 8 ký tự.", code="password_short", field="password")
        user = accounts.create_user(
            uow,
            official,
            values["username"],
            values["full_name"],
            password,
            [(values["role"], values["area_code"])],  # the service names a bad role
            values["phone"],
        )
    except HubError as exc:
        uow.rollback()
        context: dict[str, Any] = {"title": "Tài khoản cán bộ", "current": "users", "error": exc, "values": values}
        context["users"] = users = accounts.list_users(uow, official)
        context["locks"] = accounts.lock_states(uow, official, list(users), _policy(request))
        return render(request, "web/users/list.html", {**context, **_choices(uow, official)}, status=exc.status)
    session.flash(f"Đã tạo tài khoản “{user.username}”.")
    return see_other(f"/quan-tri/tai-khoan/{user.username}")


@router.get("/{username}", name="web.user")
def user_page(request: Request, official: Official, uow: ReadUow, username: str) -> HTMLResponse:
    return render(request, "web/users/detail.html", _detail(request, uow, official, username, None))


def _detail(
    request: Request, uow: UnitOfWork, official: Principal, username: str, error: HubError | None
) -> dict[str, Any]:
    user = accounts.get_user(uow, official, username)
    context = {"title": user.full_name, "current": "users", "user": user, "error": error, "values": {}}
    context["lock"] = accounts.lock_states(uow, official, [user], _policy(request)).get(user.username)
    return {**context, **_choices(uow, official)}


ACTIONS = {
    "khoa": (lambda uow, p, name, form, policy: accounts.disable_user(uow, p, name), "Đã khóa tài khoản."),
    "mo-khoa": (lambda uow, p, name, form, policy: accounts.enable_user(uow, p, name), "Đã mở khóa tài khoản."),
    "mo-khoa-dang-nhap": (
        lambda uow, p, name, form, policy: accounts.unlock_user(uow, p, name, policy),
        "Đã mở khóa đăng nhập: cán bộ có thể đăng nhập lại ngay.",
    ),
    "gan-vai-tro": (
        lambda uow, p, name, form, policy: accounts.grant_role(
            uow, p, name, forms.text(form, "role"), forms.text(form, "area_code")
        ),
        "Đã gán vai trò.",
    ),
    "bo-vai-tro": (
        lambda uow, p, name, form, policy: accounts.revoke_role(
            uow, p, name, forms.text(form, "role"), forms.text(form, "area_code")
        ),
        "Đã bỏ vai trò.",
    ),
}


def _action_page(verb: str) -> Callable[..., Response]:
    call, done = ACTIONS[verb]

    def act(
        request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep, username: str
    ) -> Response:
        try:
            call(uow, official, username, form, _policy(request))
        except HubError as exc:
            uow.rollback()
            context = _detail(request, uow, official, username, exc)
            return render(request, "web/users/detail.html", context, status=exc.status)
        session.flash(done)
        return see_other(f"/quan-tri/tai-khoan/{username}")

    return act


for _verb in ACTIONS:
    router.add_api_route(f"/{{username}}/{_verb}", _action_page(_verb), methods=["POST"], name=f"web.user.{_verb}")
