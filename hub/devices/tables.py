"""Tables of the devices domain."""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, String, Table, Text

from hub.areas.tables import PathString
from hub.db.schema import EnumString, JSONDoc, UTCDateTime, mapper_registry, metadata
from hub.devices.model import (
    AlertKind,
    CommandStatus,
    Device,
    DeviceAlert,
    DeviceCommand,
    Kind,
    PlayLog,
    State,
)

device_table = Table(
    "device",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("imei", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("kind", EnumString(Kind, 16), nullable=False),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="RESTRICT"), nullable=False),
    Column("area_code", String(64), nullable=False),
    Column("area_path", PathString, nullable=False),
    Column("group_name", String(100), nullable=False, default=""),
    Column("vendor", String(100), nullable=False, default=""),
    Column("location", String(300), nullable=False, default=""),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("volume", Integer, nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("state", EnumString(State, 16), nullable=False),
    Column("state_since", UTCDateTime, nullable=True),
    Column("last_seen_at", UTCDateTime, nullable=True),
    Column("revoked_at", UTCDateTime, nullable=True),
    Column("status", JSONDoc, nullable=False),
    Column("alarms", JSONDoc, nullable=False),
    Column("app_version", String(64), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_device_area_path", "area_path"),
    Index("ix_device_state_last_seen_at", "state", "last_seen_at"),
)

# Heartbeat history, compact: one row per device and UTC hour in which it sent at least one heartbeat
# (written by the first heartbeat of each hour, `hub.devices.telemetry`); the annual report's
# availability counts these hours (`hub.reports.device_availability`).
device_seen_table = Table(
    "device_seen",
    metadata,
    Column("device_id", Integer, ForeignKey("device.id", ondelete="CASCADE"), primary_key=True),
    Column("hour", Integer, primary_key=True, autoincrement=False),  # UTC hours since 1970 (model.hour_number)
    sqlite_with_rowid=False,  # the key is the row: half the size on SQLite
)

device_command_table = Table(
    "device_command",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("device_id", Integer, ForeignKey("device.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("args", JSONDoc, nullable=False),
    Column("status", EnumString(CommandStatus, 16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by_id", Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
    Column("acked_at", UTCDateTime, nullable=True),
    Column("detail", Text, nullable=False, default=""),
    Index("ix_device_command_device_id_status", "device_id", "status"),
)

play_log_table = Table(
    "play_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("device_id", Integer, ForeignKey("device.id", ondelete="CASCADE"), nullable=False),
    Column("item_id", String(120), nullable=False),
    Column("bulletin_id", Integer, ForeignKey("bulletin.id", ondelete="SET NULL"), nullable=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime, nullable=False),
    Column("result", String(16), nullable=False),
    Column("detail", Text, nullable=False, default=""),
    Column("received_at", UTCDateTime, nullable=False),
    Column("lang", String(16), nullable=False, default="", server_default=""),
    Index("uq_play_log_device_item_start", "device_id", "item_id", "started_at", unique=True),
    Index("ix_play_log_bulletin_id", "bulletin_id"),
)

device_alert_table = Table(
    "device_alert",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("device_id", Integer, ForeignKey("device.id", ondelete="CASCADE"), nullable=False),
    Column("area_path", PathString, nullable=False),
    Column("kind", EnumString(AlertKind, 32), nullable=False),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime, nullable=True),
    Column("detail", Text, nullable=False, default=""),
    Index("ix_device_alert_device_id_kind", "device_id", "kind"),
    Index("ix_device_alert_area_path", "area_path"),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(Device, device_table)
    mapper_registry.map_imperatively(DeviceCommand, device_command_table)
    mapper_registry.map_imperatively(PlayLog, play_log_table)
    mapper_registry.map_imperatively(DeviceAlert, device_alert_table)
