"""Tables of the accounts domain."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table
from sqlalchemy.orm import relationship

from hub.accounts.model import Role, RoleGrant, User
from hub.areas.model import Area
from hub.db.schema import EnumString, UTCDateTime, mapper_registry, metadata

user_table = Table(
    "app_user",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("full_name", String(200), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("is_active", Boolean, nullable=False, default=True),
    Column("token_version", Integer, nullable=False, default=1),
    Column("phone", String(32), nullable=True),
    Column("created_at", UTCDateTime, nullable=True),
    # Failed sign-ins before this moment no longer count towards a lockout (an admin unlocked the name).
    Column("login_reset_at", UTCDateTime, nullable=True),
)

role_grant_table = Table(
    "role_grant",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("role", EnumString(Role, 32), nullable=False),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="RESTRICT"), nullable=False, index=True),
    Index("uq_role_grant_user_role_area", "user_id", "role", "area_id", unique=True),
)

# Failed and successful sign-ins, for rate limiting across processes and for the audit of access.
login_attempt_table = Table(
    "login_attempt",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False),
    Column("address", String(64), nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_login_attempt_username_at", "username", "at"),
    Index("ix_login_attempt_address_at", "address", "at"),
)

# Web sessions and tokens ended before they expire (signing out); a row is kept until the token's own
# expiry, after which the token is refused anyway (see hub.accounts.sessions).
revoked_session_table = Table(
    "revoked_session",
    metadata,
    Column("sid", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False),
    Column("expires_at", UTCDateTime, nullable=False, index=True),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(
        RoleGrant,
        role_grant_table,
        properties={"area": relationship(Area, lazy="joined", innerjoin=True)},
    )
    mapper_registry.map_imperatively(
        User,
        user_table,
        properties={
            "grants": relationship(
                RoleGrant, lazy="selectin", cascade="all, delete-orphan", order_by=role_grant_table.c.id
            )
        },
    )
