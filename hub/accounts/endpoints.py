"""HTTP endpoints of accounts: signing out, one's account, the management of officials (the OAuth2
token endpoint is `hub.accounts.oauth`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from hub.accounts import service
from hub.accounts.model import Role
from hub.accounts.schemas import GrantIn, PasswordIn, UserIn, UserOut
from hub.http.deps import CurrentPrincipal, HubDep, ReadUow, WriteUow, oauth2
from hub.kit.errors import Unauthorized

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.post("/auth/sign-out", status_code=status.HTTP_204_NO_CONTENT, summary="Đăng xuất: mã này hết hiệu lực")
def sign_out(hub: HubDep, uow: WriteUow, token: Annotated[str | None, Depends(oauth2)]) -> None:
    if not token:
        raise Unauthorized("Bạn cần đăng nhập để thực hiện thao tác này.", code="not_authenticated")
    service.principal_for_token(uow, hub.signing_key, token)  # 401 for a token that no longer works
    service.sign_out(uow, hub.signing_key, token, channel="api")


@router.get("/me", response_model=UserOut, summary="Tài khoản đang đăng nhập")
def me(uow: ReadUow, principal: CurrentPrincipal) -> UserOut:
    return UserOut.of(service.principal_user(uow, principal))


@router.post("/me/password", status_code=status.HTTP_204_NO_CONTENT, summary="Đổi mật khẩu")
def change_password(body: PasswordIn, uow: WriteUow, principal: CurrentPrincipal) -> None:
    service.change_password(uow, principal, body.old_password, body.new_password)


@router.get("/users", response_model=list[UserOut], summary="Cán bộ trong phạm vi quản trị")
def list_users(uow: ReadUow, principal: CurrentPrincipal) -> list[UserOut]:
    return [UserOut.of(u) for u in service.list_users(uow, principal)]


@router.post("/users", response_model=UserOut, status_code=status.HTTP_201_CREATED, summary="Tạo tài khoản cán bộ")
def create_user(body: UserIn, uow: WriteUow, principal: CurrentPrincipal) -> UserOut:
    user = service.create_user(
        uow,
        principal,
        body.username,
        body.full_name,
        body.password,
        [(g.role, g.area_code) for g in body.grants],
        body.phone,
    )
    return UserOut.of(user)


@router.get("/users/{username}", response_model=UserOut)
def get_user(username: str, uow: ReadUow, principal: CurrentPrincipal) -> UserOut:
    return UserOut.of(service.get_user(uow, principal, username))


@router.post("/users/{username}/disable", response_model=UserOut, summary="Khóa tài khoản")
def disable_user(username: str, uow: WriteUow, principal: CurrentPrincipal) -> UserOut:
    return UserOut.of(service.disable_user(uow, principal, username))


@router.post("/users/{username}/enable", response_model=UserOut, summary="Mở khóa tài khoản")
def enable_user(username: str, uow: WriteUow, principal: CurrentPrincipal) -> UserOut:
    return UserOut.of(service.enable_user(uow, principal, username))


@router.post("/users/{username}/grants", response_model=UserOut, summary="Gán vai trò tại một địa bàn")
def grant(username: str, body: GrantIn, uow: WriteUow, principal: CurrentPrincipal) -> UserOut:
    return UserOut.of(service.grant_role(uow, principal, username, body.role, body.area_code))


@router.delete("/users/{username}/grants", response_model=UserOut, summary="Bỏ một vai trò")
def revoke(
    username: str,
    role: Annotated[Role, Query()],
    area_code: Annotated[str, Query()],
    uow: WriteUow,
    principal: CurrentPrincipal,
) -> UserOut:
    return UserOut.of(service.revoke_role(uow, principal, username, role, area_code))
