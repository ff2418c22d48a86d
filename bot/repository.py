"""SQL of the bot: conversations, inbound messages, linked chat accounts, link codes, channel tokens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, make_transient_to_detached

from bot.model import ChatLink, Conversation, InboundMessage
from bot.tables import conversation_table, credential_table, inbound_table, link_code_table, link_table


def _insert(session: Session):
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


class ConversationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def open(self, contact_id: int, now: datetime) -> Conversation:
        """The contact's conversation, created on first contact, locked until the transaction ends:
        two processes never play the same conversation's turns at once."""
        c = conversation_table.c
        query = select(Conversation).where(c.contact_id == contact_id).with_for_update()
        found = self._session.scalars(query).one_or_none()
        if found is not None:
            return found
        self._session.execute(
            _insert(self._session)(conversation_table)
            .values(contact_id=contact_id, form="", step="", slots={}, choices=[], misses=0, turns=0, updated_at=now)
            .on_conflict_do_nothing(index_elements=[c.contact_id])
        )
        return self._session.scalars(query).one()


class InboundRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add_new(self, message: InboundMessage) -> tuple[InboundMessage, bool]:
        """Store a delivery unless the channel delivered the same message before: (the row, is it new)."""
        c = inbound_table.c
        values = {col.name: getattr(message, col.name) for col in inbound_table.columns if col.name != "id"}
        statement = (
            _insert(self._session)(inbound_table)
            .values(values)
            .on_conflict_do_nothing(index_elements=[c.channel, c.message_key])
            .returning(c.id)
        )
        created = self._session.execute(statement).scalar_one_or_none()
        if created is not None:
            message.id = created
            make_transient_to_detached(message)
            self._session.add(message)
            return message, True
        existing = self.by_key(message.channel, message.message_key)
        assert existing is not None  # the conflict was with this very message
        return existing, False

    def by_key(self, channel: str, key: str) -> InboundMessage | None:
        c = inbound_table.c
        return self._session.scalars(
            select(InboundMessage).where(c.channel == channel, c.message_key == key)
        ).one_or_none()

    def get(self, message_id: int, *, for_update: bool = False) -> InboundMessage | None:
        query = select(InboundMessage).where(inbound_table.c.id == message_id)
        if for_update:
            query = query.with_for_update()
        return self._session.scalars(query).one_or_none()

    def last_from(self, contact_id: int) -> InboundMessage | None:
        c = inbound_table.c
        query = select(InboundMessage).where(c.contact_id == contact_id).order_by(c.id.desc()).limit(1)
        return self._session.scalars(query).one_or_none()


class LinkRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def find(self, channel: str, channel_user_id: str) -> ChatLink | None:
        c = link_table.c
        query = select(ChatLink).where(c.channel == channel, c.channel_user_id == channel_user_id)
        return self._session.scalars(query).one_or_none()

    def of_user(self, user_id: int) -> Sequence[ChatLink]:
        c = link_table.c
        return self._session.scalars(select(ChatLink).where(c.user_id == user_id).order_by(c.id)).all()

    def add(self, link: ChatLink) -> None:
        self._session.add(link)

    def remove(self, link: ChatLink) -> None:
        self._session.delete(link)

    def add_code(self, user_id: int, code_hash: str, now: datetime, expires_at: datetime) -> None:
        self._session.execute(
            link_code_table.insert().values(user_id=user_id, code_hash=code_hash, created_at=now, expires_at=expires_at)
        )

    def use_code(self, code_hash: str, now: datetime) -> int | None:
        """The user of an unused, unexpired code, which is used up by this call."""
        c = link_code_table.c
        row = self._session.execute(
            select(c.id, c.user_id)
            .where(c.code_hash == code_hash, c.used_at.is_(None), c.expires_at > now)
            .with_for_update()
        ).first()
        if row is None:
            return None
        self._session.execute(update(link_code_table).where(c.id == row.id).values(used_at=now))
        return int(row.user_id)


class CredentialRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, name: str, *, for_update: bool = False) -> dict[str, Any] | None:
        query = select(credential_table).where(credential_table.c.name == name)
        if for_update:
            query = query.with_for_update()
        row = self._session.execute(query).first()
        return dict(row._mapping) if row is not None else None

    def put(self, name: str, access_token: str, refresh_token: str, expires_at: datetime, now: datetime) -> None:
        values = {
            "access_token": access_token,
            "refresh_token": refresh_token,
            "expires_at": expires_at,
            "updated_at": now,
        }
        statement = _insert(self._session)(credential_table).values(name=name, **values)
        self._session.execute(statement.on_conflict_do_update(index_elements=[credential_table.c.name], set_=values))
