"""The bot's tables: conversations, inbound messages, officials' linked chat accounts, channel tokens.

They live in the hub's metadata (one database, one migration history: `0006_conversations`) and
are mapped when the bot plugin registers.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from bot.model import ChatLink, Conversation, InboundMessage
from hub.db.schema import JSONDoc, UTCDateTime, mapper_registry, metadata

conversation_table = Table(
    "conversation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("contact_id", Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False),
    Column("form", String(32), nullable=False, default=""),
    Column("step", String(32), nullable=False, default=""),
    Column("slots", JSONDoc, nullable=False),
    Column("choices", JSONDoc, nullable=False),
    Column("misses", Integer, nullable=False, default=0),
    Column("turns", Integer, nullable=False, default=0),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("uq_conversation_contact", "contact_id", unique=True),
)

inbound_table = Table(
    "chat_inbound",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("channel", String(32), nullable=False),
    Column("message_key", String(160), nullable=False),
    Column("contact_id", Integer, ForeignKey("contact.id", ondelete="SET NULL"), nullable=True),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("data", JSONDoc, nullable=False),
    Column("status", String(16), nullable=False),
    Column("replies", JSONDoc, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("processed_at", UTCDateTime, nullable=True),
    Column("job_id", Integer, nullable=True),
    Index("uq_chat_inbound_channel_key", "channel", "message_key", unique=True),
    Index("ix_chat_inbound_contact", "contact_id", "id"),
    Index("ix_chat_inbound_status", "status", "received_at"),
)

link_table = Table(
    "chat_link",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("channel_user_id", String(128), nullable=False),
    Column("linked_at", UTCDateTime, nullable=False),
    Index("uq_chat_link_channel_user", "channel", "channel_user_id", unique=True),
    Index("ix_chat_link_user", "user_id"),
)

link_code_table = Table(
    "chat_link_code",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False),
    Column("code_hash", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime, nullable=True),
    Index("uq_chat_link_code_hash", "code_hash", unique=True),
)

# An emergency ordered by chat, waiting for its second factor: the action and for whom, and the code
# (hashed) that the official fetched in the web app. See bot/officials/confirm.py.
confirmation_table = Table(
    "chat_confirmation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("channel_user_id", String(128), nullable=False),
    Column("action", String(32), nullable=False),
    Column("payload", JSONDoc, nullable=False),
    Column("summary", String(300), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("code_hash", String(64), nullable=True),
    Column("code_expires_at", UTCDateTime, nullable=True),
    Column("attempts", Integer, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Index("ix_chat_confirmation_chat", "channel", "channel_user_id", "status"),
    Index("ix_chat_confirmation_user", "user_id", "status"),
)

# A channel's API tokens (Zalo's rotating pair), encrypted with a key derived from the hub's secret.
credential_table = Table(
    "chat_credential",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("access_token", Text, nullable=False),
    Column("refresh_token", Text, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(Conversation, conversation_table)
    mapper_registry.map_imperatively(InboundMessage, inbound_table)
    mapper_registry.map_imperatively(ChatLink, link_table)
