"""Tables of the exchange domain."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text

from hub.db.schema import JSONDoc, UTCDateTime, mapper_registry, metadata
from hub.exchange.model import (
    CapAlert,
    OutboxEntry,
    SourceBulletin,
    SourceCluster,
    SourceMessage,
    SourceSystem,
    UpstreamState,
)

source_system_table = Table(
    "source_system",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("user_id", Integer, ForeignKey("app_user.id", ondelete="RESTRICT"), nullable=False, unique=True),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="RESTRICT"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

source_message_table = Table(
    "source_message",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("source_system.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("message_key", String(64), nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("answer", JSONDoc, nullable=False),
    Index("uq_source_message_source_key", "source_id", "message_key", unique=True),
)

source_bulletin_table = Table(
    "source_bulletin",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("source_system.id", ondelete="CASCADE"), nullable=False),
    Column("ban_tin_id", String(100), nullable=False),
    Column("bulletin_id", Integer, ForeignKey("bulletin.id", ondelete="CASCADE"), nullable=False),
    Column("schedule_ids", JSONDoc, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("uq_source_bulletin_source_ban_tin", "source_id", "ban_tin_id", unique=True),
    Index("ix_source_bulletin_bulletin_id", "bulletin_id"),
)

source_cluster_table = Table(
    "source_cluster",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("source_system.id", ondelete="CASCADE"), nullable=False),
    Column("cluster_id", String(64), nullable=False),
    Column("device_id", Integer, ForeignKey("device.id", ondelete="CASCADE"), nullable=False),
    Column("code_hash", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("uq_source_cluster_source_cluster", "source_id", "cluster_id", unique=True),
)

upstream_outbox_table = Table(
    "upstream_outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("dedupe_key", String(200), nullable=False, unique=True),
    Column("payload", JSONDoc, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime, nullable=True),
    Index("ix_upstream_outbox_sent_at_id", "sent_at", "id"),
)

upstream_state_table = Table(
    "upstream_state",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("next_at", UTCDateTime, nullable=True),
    Column("last_error", Text, nullable=False),
    Column("last_sent_at", UTCDateTime, nullable=True),
    Column("log_cursor", Integer, nullable=False),
    Column("pending_last", Integer, nullable=True),
)

cap_alert_table = Table(
    "cap_alert",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender", String(255), nullable=False),
    Column("identifier", String(255), nullable=False),
    Column("sent", UTCDateTime, nullable=False),
    Column("msg_type", String(16), nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("channel", String(16), nullable=False),
    Column("trusted", Boolean, nullable=False),
    Column("bulletin_id", Integer, ForeignKey("bulletin.id", ondelete="SET NULL"), nullable=True),
    Column("refs", JSONDoc, nullable=False),
    Index("uq_cap_alert_sender_identifier_sent", "sender", "identifier", "sent", unique=True),
    Index("ix_cap_alert_bulletin_id", "bulletin_id"),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(SourceSystem, source_system_table)
    mapper_registry.map_imperatively(SourceMessage, source_message_table)
    mapper_registry.map_imperatively(SourceBulletin, source_bulletin_table)
    mapper_registry.map_imperatively(SourceCluster, source_cluster_table)
    mapper_registry.map_imperatively(OutboxEntry, upstream_outbox_table)
    mapper_registry.map_imperatively(UpstreamState, upstream_state_table)
    mapper_registry.map_imperatively(CapAlert, cap_alert_table)
