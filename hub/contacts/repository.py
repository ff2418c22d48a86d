"""SQL for contacts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, make_transient_to_detached

from hub.contacts.model import Contact
from hub.contacts.tables import contact_table

c = contact_table.c


class ContactRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, contact_id: int) -> Contact | None:
        return self._session.get(Contact, contact_id)

    def by_ids(self, ids: Iterable[int]) -> dict[int, Contact]:
        ids = list(ids)
        if not ids:
            return {}
        return {x.id: x for x in self._session.scalars(select(Contact).where(c.id.in_(ids)))}

    def find(self, channel: str, channel_user_id: str) -> Contact | None:
        query = select(Contact).where(c.channel == channel, c.channel_user_id == channel_user_id)
        return self._session.scalars(query).one_or_none()

    def add_new(self, contact: Contact) -> Contact:
        """Insert, or return the row another transaction inserted for the same identity meanwhile.

        One statement (INSERT … ON CONFLICT DO NOTHING RETURNING) rather than a savepoint: intake of
        a first-time citizen is the hot path of chat and Open311."""
        dialect = self._session.get_bind().dialect.name
        maker = pg_insert if dialect == "postgresql" else sqlite_insert
        values = {col.name: getattr(contact, col.name) for col in contact_table.columns if col.name != "id"}
        statement = (
            maker(contact_table).on_conflict_do_nothing(index_elements=[c.channel, c.channel_user_id]).returning(c.id)
        )
        created = self._session.execute(statement, values).scalar_one_or_none()
        if created is not None:
            contact.id = created
            make_transient_to_detached(contact)  # known to be stored as it is: no need to read it back
            self._session.add(contact)
            contact.fresh = True
            return contact
        existing = self.find(contact.channel, contact.channel_user_id)
        assert existing is not None  # the conflict was with this very identity
        return existing

    def by_phone(self, phone: str) -> Sequence[Contact]:
        """Every identity of a citizen known by this number: the number given, or the caller id."""
        query = select(Contact).where(or_(c.phone == phone, c.channel_user_id == phone)).order_by(c.id)
        return self._session.scalars(query).all()
