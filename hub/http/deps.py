"""Typed dependencies of the endpoints: the hub, a unit of work, the calling official."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from hub.accounts import principals
from hub.accounts.model import Principal
from hub.context import Hub
from hub.db.uow import UnitOfWork
from hub.kit.errors import Unauthorized

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def get_hub(request: Request) -> Hub:
    return request.app.state.hub


HubDep = Annotated[Hub, Depends(get_hub)]


def _write_uow(hub: HubDep) -> Iterator[UnitOfWork]:
    # scope="function" (below) runs the commit before the response is sent, so a failed commit is
    # an error response, never a success for data that was not stored.
    with hub.database.uow() as uow:
        yield uow
        uow.commit()


def _read_uow(hub: HubDep) -> Iterator[UnitOfWork]:
    with hub.database.uow(write=False) as uow:
        yield uow


WriteUow = Annotated[UnitOfWork, Depends(_write_uow, scope="function")]
ReadUow = Annotated[UnitOfWork, Depends(_read_uow, scope="function")]


def _principal(hub: HubDep, token: Annotated[str | None, Depends(oauth2)]) -> Principal:
    if not token:
        raise Unauthorized("Bạn cần đăng nhập để thực hiện thao tác này.", code="not_authenticated")
    return principals.principal(hub, token, channel="api")  # remembered per token for a few seconds


CurrentPrincipal = Annotated[Principal, Depends(_principal)]
