"""The report's own tables: frozen figures per area and year, the submissions (kept as submitted),
the province's reminders, and the officials' training register. Read and written with SQLAlchemy
Core by `hub.reports.submissions` and `hub.reports.training`; no class is mapped."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text

from hub.db.schema import JSONDoc, UTCDateTime, metadata

snapshot_table = Table(
    "report_snapshot",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="RESTRICT"), nullable=False),
    Column("figures", JSONDoc, nullable=False),
    Column("frozen_at", UTCDateTime, nullable=False),
    Column("frozen_by", String(200), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("current", Boolean, nullable=False),  # the latest freeze of (year, area); older ones are kept
    Index("ix_report_snapshot_year_area", "year", "area_id"),
)

submission_table = Table(
    "report_submission",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="RESTRICT"), nullable=False),
    Column("snapshot_id", Integer, ForeignKey("report_snapshot.id", ondelete="RESTRICT"), nullable=False),
    Column("figures", JSONDoc, nullable=False),  # a copy: the submission stays as submitted
    Column("done", Text, nullable=False),
    Column("difficulties", Text, nullable=False),
    Column("proposals", Text, nullable=False),
    Column("submitted_at", UTCDateTime, nullable=False),
    Column("submitted_by", String(200), nullable=False),
    Column("user_id", Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
    Index("ix_report_submission_year_area", "year", "area_id"),
)

reminder_table = Table(
    "report_reminder",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="RESTRICT"), nullable=False),
    Column("reminded_at", UTCDateTime, nullable=False),
    Column("reminded_by", String(200), nullable=False),
    Index("ix_report_reminder_year_area", "year", "area_id"),
)

training_table = Table(
    "report_training",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("course", String(300), nullable=False),
    Column("held_on", Date, nullable=False, index=True),
    Column("attendees", JSONDoc, nullable=False),  # the names of the officials who attended
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", String(200), nullable=False),
)


def map_tables() -> None:
    """Nothing to map: the tables are registered on the metadata when this module is imported."""
