"""Tables of the streams domain."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text, Time

from hub.areas.tables import PathString
from hub.db.schema import EnumString, JSONDoc, UTCDateTime, mapper_registry, metadata
from hub.streams.model import LiveBroadcast, RelaySource, RelayState, RelayWindow

relay_source_table = Table(
    "relay_source",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("upstream_url", String(500), nullable=False),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="RESTRICT"), nullable=False),
    Column("area_code", String(64), nullable=False),
    Column("area_path", PathString, nullable=False),
    Column("state", EnumString(RelayState, 16), nullable=False),
    Column("state_since", UTCDateTime, nullable=True),
    Column("last_error", Text, nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
)

relay_window_table = Table(
    "relay_window",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("relay_source.id", ondelete="CASCADE"), nullable=False),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="CASCADE"), nullable=False),
    Column("area_code", String(64), nullable=False),
    Column("area_path", PathString, nullable=False),
    Column("starts", Time, nullable=False),
    Column("ends", Time, nullable=False),
    Column("days", JSONDoc, nullable=False),
    Column("created_at", UTCDateTime, nullable=True),
    Column("starts_on", Date, nullable=True),
    Column("ends_on", Date, nullable=True),
    Column("bulletin_id", Integer, ForeignKey("bulletin.id", ondelete="CASCADE"), nullable=True),
    Index("ix_relay_window_area_path", "area_path"),
    Index("ix_relay_window_source_id", "source_id"),
)

live_broadcast_table = Table(
    "live_broadcast",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("area_codes", JSONDoc, nullable=False),
    Column("area_paths", JSONDoc, nullable=False),
    Column("interrupt", Boolean, nullable=False),
    Column("started_by", String(64), nullable=False),
    Column("started_by_id", Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime, nullable=True),
    Column("ingest_hash", String(64), nullable=False),
    Column("recording", String(300), nullable=False, default=""),
    Index("ix_live_broadcast_ended_at", "ended_at"),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(RelaySource, relay_source_table)
    mapper_registry.map_imperatively(RelayWindow, relay_window_table)
    mapper_registry.map_imperatively(LiveBroadcast, live_broadcast_table)
