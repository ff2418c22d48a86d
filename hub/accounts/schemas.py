"""API shapes of accounts."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from hub.accounts.model import ROLE_LABELS, Role, User


class GrantOut(BaseModel):
    role: Role
    role_label: str
    area_code: str
    area_name: str


class UserOut(BaseModel):
    username: str
    full_name: str
    is_active: bool
    phone: str | None
    grants: list[GrantOut]

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            username=user.username,
            full_name=user.full_name,
            is_active=user.is_active,
            phone=user.phone,
            grants=[
                GrantOut(
                    role=g.role, role_label=ROLE_LABELS[Role(g.role)], area_code=g.area.code, area_name=g.area.name
                )
                for g in user.grants
                if g.area is not None
            ],
        )


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
    expires_in: int  # seconds (RFC 6749 §5.1)
    user: UserOut


class GrantIn(BaseModel):
    role: Role
    area_code: str


class UserIn(BaseModel):
    username: str = Field(min_length=3, max_length=64)
    full_name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=8, max_length=200)
    phone: str | None = Field(None, max_length=32)
    grants: list[GrantIn] = Field(min_length=1)


class PasswordIn(BaseModel):
    old_password: str
    new_password: str = Field(min_length=8, max_length=200)
