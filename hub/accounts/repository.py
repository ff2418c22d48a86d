"""SQL for users, their grants and sign-in attempts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from hub.accounts.model import User
from hub.accounts.tables import login_attempt_table, role_grant_table, user_table
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

    def count(self) -> int:
        return self._session.execute(select(func.count()).select_from(user_table)).scalar_one()

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
