"""SQL for the outbox."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hub.db.rows import rowcount
from hub.messaging.model import Delivery, Message
from hub.messaging.tables import message_table

m = message_table.c


class MessageRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, message: Message) -> None:
        self._session.add(message)

    def get(self, message_id: int, *, for_update: bool = False) -> Message | None:
        query = select(Message).where(m.id == message_id)
        if for_update:
            query = query.with_for_update()
        return self._session.scalars(query).one_or_none()

    def for_contact(self, contact_id: int, *, after_id: int = 0, limit: int = 100) -> Sequence[Message]:
        query = select(Message).where(m.contact_id == contact_id, m.id > after_id).order_by(m.id).limit(limit)
        return self._session.scalars(query).all()

    def for_contacts(self, contact_ids: Iterable[int]) -> Sequence[Message]:
        ids = list(contact_ids)
        if not ids:
            return []
        return self._session.scalars(select(Message).where(m.contact_id.in_(ids)).order_by(m.id)).all()

    def for_user(self, user_id: int, *, unread_only: bool = False, limit: int = 50) -> Sequence[Message]:
        query = select(Message).where(m.user_id == user_id)
        if unread_only:
            query = query.where(m.read_at.is_(None))
        return self._session.scalars(query.order_by(m.id.desc()).limit(limit)).all()

    def for_reference(self, reference: str) -> Sequence[Message]:
        query = select(Message).where(m.reference == reference, m.contact_id.is_not(None)).order_by(m.id)
        return self._session.scalars(query).all()

    def waiting(self, channels: Iterable[str], before: datetime, *, limit: int = 500) -> Sequence[int]:
        """Queued messages of these channels older than `before` (their delivery may need a nudge)."""
        chans = list(channels)
        if not chans:
            return []
        query = select(m.id).where(m.status == Delivery.QUEUED.value, m.channel.in_(chans), m.created_at < before)
        return self._session.scalars(query.order_by(m.id).limit(limit)).all()

    def kept_for(self, contact_id: int, channel: str) -> Sequence[Message]:
        """Messages kept for a citizen on their (push) channel until they write again."""
        query = select(Message).where(m.contact_id == contact_id, m.channel == channel, m.status == Delivery.KEPT.value)
        return self._session.scalars(query.order_by(m.id).with_for_update()).all()

    def erase_text_of(self, contact_ids: Iterable[int], placeholder: str) -> int:
        ids = list(contact_ids)
        if not ids:
            return 0
        result = self._session.execute(
            update(message_table).where(m.contact_id.in_(ids)).values(text=placeholder, choices=[])
        )
        return rowcount(result)

    def counts(self) -> dict[tuple[str, str], int]:
        """Deliveries by channel and status (what the annual report counts)."""
        rows = self._session.execute(select(m.channel, m.status, func.count()).group_by(m.channel, m.status))
        return {(channel, status): n for channel, status, n in rows}
