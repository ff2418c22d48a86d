"""The audit table."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from hub.audit.model import AuditEvent
from hub.db.schema import JSONDoc, UTCDateTime, mapper_registry, metadata

audit_table = Table(
    "audit_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("actor_id", Integer, nullable=True),
    Column("actor_name", String(64), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("action", String(64), nullable=False),
    Column("entity_type", String(32), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("from_state", String(32), nullable=True),
    Column("to_state", String(32), nullable=True),
    Column("reason", Text, nullable=False, default=""),
    Column("area_code", String(64), nullable=True),
    Column("revision", Integer, nullable=True),
    Column("details", JSONDoc, nullable=False, default=dict),
    Index("ix_audit_event_entity", "entity_type", "entity_id", "id"),
    Index("ix_audit_event_occurred_at", "occurred_at"),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(AuditEvent, audit_table)
