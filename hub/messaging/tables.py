"""The outbox table."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from hub.db.schema import EnumString, JSONDoc, UTCDateTime, mapper_registry, metadata
from hub.messaging.model import Delivery, Kind, Message

message_table = Table(
    "message",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("contact_id", Integer, ForeignKey("contact.id", ondelete="SET NULL"), nullable=True),
    Column("user_id", Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=True),
    Column("channel", String(32), nullable=False),
    Column("kind", EnumString(Kind, 16), nullable=False),
    Column("text", Text, nullable=False),
    Column("choices", JSONDoc, nullable=False),
    Column("reference", String(64), nullable=False, default=""),
    Column("status", EnumString(Delivery, 16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=False, default=""),
    Column("provider_id", String(128), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("read_at", UTCDateTime, nullable=True),
    Index("ix_message_contact_id", "contact_id", "id"),
    Index("ix_message_user_id", "user_id", "id"),
    Index("ix_message_status_channel", "status", "channel"),
    Index("ix_message_reference", "reference"),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(Message, message_table)
