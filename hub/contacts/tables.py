"""The contact table."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table

from hub.contacts.model import Contact
from hub.db.schema import UTCDateTime, mapper_registry, metadata

contact_table = Table(
    "contact",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("channel", String(32), nullable=False),
    Column("channel_user_id", String(128), nullable=False),
    Column("display_name", String(200), nullable=False, default=""),
    Column("phone", String(32), nullable=True),
    Column("email", String(200), nullable=True),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="SET NULL"), nullable=True),
    Column("consent_personal", Boolean, nullable=False, default=False),
    Column("consent_notify", Boolean, nullable=False, default=False),
    Column("consent_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("anonymised_at", UTCDateTime, nullable=True),
    Index("uq_contact_channel_user", "channel", "channel_user_id", unique=True),
    Index("ix_contact_phone", "phone"),
    Index("ix_contact_last_seen_at", "last_seen_at"),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(Contact, contact_table)
