"""The call_record table."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table

from hub.areas.tables import PathString
from hub.calls.model import CallRecord
from hub.db.schema import UTCDateTime, mapper_registry, metadata

call_record_table = Table(
    "call_record",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("call_ref", String(128), nullable=False),
    Column("contact_id", Integer, ForeignKey("contact.id", ondelete="SET NULL"), nullable=True),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="SET NULL"), nullable=True),
    Column("area_path", PathString, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime, nullable=False),
    Column("duration_seconds", Integer, nullable=False),
    Column("path", String(1000), nullable=False),
    Column("result", String(32), nullable=False),
    Column("case_code", String(32), nullable=True),
    Index("ix_call_record_started_at", "started_at"),
    Index("ix_call_record_area_path", "area_path", "started_at"),
    Index("ix_call_record_contact_id", "contact_id"),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(CallRecord, call_record_table)
