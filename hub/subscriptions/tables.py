"""Tables of subscriptions, their reach and the pace of each channel."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table

from hub.areas.tables import PathString
from hub.db.schema import UTCDateTime, mapper_registry, metadata
from hub.subscriptions.model import Reach, Subscription

subscription_table = Table(
    "subscription",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("contact_id", Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="CASCADE"), nullable=False),
    Column("area_path", PathString, nullable=False),
    Column("topic", String(32), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Index("uq_subscription_contact_area_topic", "contact_id", "area_id", "topic", unique=True),
    Index("ix_subscription_area_path", "area_path", "contact_id"),
)

reach_table = Table(
    "subscription_reach",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("bulletin_id", Integer, ForeignKey("bulletin.id", ondelete="CASCADE"), nullable=False),
    Column("contact_id", Integer, ForeignKey("contact.id", ondelete="SET NULL"), nullable=True),
    Column("channel", String(32), nullable=False),
    Column("message_id", Integer, ForeignKey("message.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Index("uq_subscription_reach_bulletin_contact", "bulletin_id", "contact_id", unique=True),
    Index("ix_subscription_reach_created_at", "created_at"),
)

# The next free moment of each paced channel: notifications are spread so that a channel's rate
# limit is respected across every worker.
pace_table = Table(
    "notify_pace",
    metadata,
    Column("channel", String(32), primary_key=True),
    Column("next_at", UTCDateTime, nullable=False),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(Subscription, subscription_table)
    mapper_registry.map_imperatively(Reach, reach_table)
