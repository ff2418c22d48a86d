"""Tables of the broadcasts domain: each commune's operating rules and scheduled items."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, Table

from hub.broadcasts.model import InterruptPolicy, Recurrence, Rules, ScheduleItem
from hub.db.schema import EnumString, JSONDoc, UTCDateTime, mapper_registry, metadata

broadcast_rules_table = Table(
    "broadcast_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("windows", JSONDoc, nullable=False),
    Column("quiet", JSONDoc, nullable=False),
    Column("max_volume", Integer, nullable=False),
    Column("interrupt_policy", EnumString(InterruptPolicy, 16), nullable=False),
    Column("priority_order", JSONDoc, nullable=False),
    Column("updated_at", UTCDateTime, nullable=True),
    Column("updated_by_id", Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
)

broadcast_schedule_table = Table(
    "broadcast_schedule",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="CASCADE"), nullable=False),
    Column("bulletin_id", Integer, ForeignKey("bulletin.id", ondelete="CASCADE"), nullable=False),
    Column("recurrence", EnumString(Recurrence, 16), nullable=False),
    Column("times", JSONDoc, nullable=False),
    Column("days", JSONDoc, nullable=False),
    Column("starts_on", Date, nullable=True),
    Column("ends_on", Date, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by_id", Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
    Index("ix_broadcast_schedule_area_bulletin", "area_id", "bulletin_id"),
    Index("ix_broadcast_schedule_bulletin_id", "bulletin_id"),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(Rules, broadcast_rules_table)
    mapper_registry.map_imperatively(ScheduleItem, broadcast_schedule_table)
