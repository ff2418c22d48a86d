"""SQL for users, their grants and sign-in attempts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, distinct, func, insert, select
from sqlalchemy.orm import Session

from hub.accounts.model import User
from hub.accounts.tables import login_attempt_table, revoked_session_table, role_grant_table, user_table
from hub.areas.model import subtree_range
from hub.areas.tables import area_table

u = user_table.c
g = role_grant_table.c
la = login_attempt_table.c


class UserRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, user: User) -> None:
        self._session.add(user)

    def get(self, user_id: int) -> User | None:
        return self._session.get(User, user_id)

    def get_by_username(self, username: str) -> User | None:
        return self._session.scalars(select(User).where(u.username == username.strip().lower())).one_or_none()

    def list(self, *, within_path: str | None = None, limit: int = 100, offset: int = 0) -> Sequence[User]:
        """Users, optionally only those holding a grant inside an area subtree."""
        query = select(User)
        if within_path is not None:
            low, high = subtree_range(within_path)
            holders = (
                select(g.user_id)
                .join(area_table, area_table.c.id == g.area_id)
                .where(area_table.c.path >= low, area_table.c.path < high)
            )
            query = query.where(u.id.in_(holders))
        return self._session.scalars(query.order_by(u.username).limit(limit).offset(offset)).all()

    def lock_for_login(self, username: str) -> User | None:
        """The user, its row locked until the transaction ends (PostgreSQL; SQLite's write transaction
        is serialised already), so that parallel sign-ins for one name are counted one after the other."""
        query = select(User).where(u.username == username).with_for_update(of=user_table)
        return self._session.scalars(query.execution_options(populate_existing=True)).one_or_none()

    def count(self) -> int:
        return self._session.execute(select(func.count()).select_from(user_table)).scalar_one()

    def holding(self, area_id: int, roles: Iterable[str]) -> Sequence[User]:
        """Active users granted one of `roles` on exactly this area (not above or below it)."""
        holders = select(g.user_id).where(g.area_id == area_id, g.role.in_(list(roles)))
        query = select(User).where(u.id.in_(holders), u.is_active.is_(True)).order_by(u.username)
        return self._session.scalars(query).all()

    def usernames(self, ids: Iterable[int]) -> dict[int, str]:
        ids = list(ids)
        if not ids:
            return {}
        return {row.id: row.username for row in self._session.execute(select(u.id, u.username).where(u.id.in_(ids)))}


class LoginAttemptRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, username: str, address: str, succeeded: bool, at: datetime) -> None:
        self._session.execute(
            insert(login_attempt_table).values(username=username, address=address, succeeded=succeeded, at=at)
        )

    def failures_since(self, *, username: str | None = None, address: str | None = None, since: datetime) -> int:
        query = select(func.count()).select_from(login_attempt_table).where(la.succeeded.is_(False), la.at >= since)
        if username is not None:
            query = query.where(la.username == username)
        if address is not None:
            query = query.where(la.address == address)
        return self._session.execute(query).scalar_one()

    def oldest_failure_since(self, *, username: str, since: datetime) -> datetime | None:
        query = select(func.min(la.at)).where(la.username == username, la.succeeded.is_(False), la.at >= since)
        return self._session.execute(query).scalar_one()

    def failures_by_address(self, username: str, since: datetime) -> dict[str, tuple[int, datetime, datetime]]:
        """For one name: address → (failures, first, last) since a moment."""
        query = (
            select(la.address, func.count(), func.min(la.at), func.max(la.at))
            .where(la.username == username, la.succeeded.is_(False), la.at >= since)
            .group_by(la.address)
        )
        return {row[0]: (row[1], row[2], row[3]) for row in self._session.execute(query)}

    def names_failing(self, usernames: Iterable[str], since: datetime) -> dict[str, int]:
        """Name → distinct addresses that failed for it since a moment (for the accounts list)."""
        names = list(usernames)
        if not names:
            return {}
        query = (
            select(la.username, func.count(distinct(la.address)))
            .where(la.username.in_(names), la.succeeded.is_(False), la.at >= since)
            .group_by(la.username)
        )
        return {row[0]: row[1] for row in self._session.execute(query)}


class RevokedSessionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, sid: str, user_id: int, expires_at: datetime, now: datetime) -> None:
        self._session.execute(delete(revoked_session_table).where(revoked_session_table.c.expires_at < now))
        if not self.contains(sid):
            self._session.execute(insert(revoked_session_table).values(sid=sid, user_id=user_id, expires_at=expires_at))

    def contains(self, sid: str) -> bool:
        query = select(revoked_session_table.c.sid).where(revoked_session_table.c.sid == sid)
        return self._session.execute(query).first() is not None
