"""Tables of the feedback domain.

`feedback_term` is the inverted index of duplicate suggestions: one row per content word (hashed)
of each active case, keyed by the commune ("scope") the case is in. Rows are removed when a case
is finished, so the index holds only what suggestions look at.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.orm import relationship

from hub.areas.tables import PathString
from hub.db.schema import EnumString, UTCDateTime, mapper_registry, metadata
from hub.feedback.model import Attachment, Case, CaseEvent, Classification, Route, Status

case_table = Table(
    "feedback_case",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(24), nullable=True, unique=True),
    Column("year", Integer, nullable=False, default=0),
    Column("seq", Integer, nullable=False, default=0),
    Column("channel", String(32), nullable=False),
    Column("contact_id", Integer, ForeignKey("contact.id", ondelete="SET NULL"), nullable=True),
    Column("text", Text, nullable=False),
    Column("search_text", Text, nullable=False, default=""),
    Column("text_hash", String(32), nullable=False, default=""),
    Column("category", String(32), nullable=False),
    Column("classification", EnumString(Classification, 16), nullable=False),
    Column("suggested_classification", EnumString(Classification, 16), nullable=False),
    Column("classification_confirmed", Boolean, nullable=False, default=False),
    Column("status", EnumString(Status, 16), nullable=False),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="RESTRICT"), nullable=False),
    Column("area_path", PathString, nullable=False),
    Column("scope_area_id", Integer, nullable=False),
    Column("unit_area_id", Integer, ForeignKey("area.id", ondelete="RESTRICT"), nullable=False),
    Column("unit_path", PathString, nullable=False),
    Column("unit_name", String(200), nullable=False),
    Column("origin_path", PathString, nullable=False),
    Column("assignee_id", Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
    Column("received_at", UTCDateTime, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("answer_text", Text, nullable=False, default=""),
    Column("answered_at", UTCDateTime, nullable=True),
    Column("answered_by_id", Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
    Column("answer_bulletin_id", Integer, ForeignKey("bulletin.id", ondelete="SET NULL"), nullable=True),
    Column("closed_at", UTCDateTime, nullable=True),
    Column("status_reason", Text, nullable=False, default=""),
    Column("forwarded_to", String(200), nullable=False, default=""),
    Column("merged_into_id", Integer, ForeignKey("feedback_case.id", ondelete="SET NULL"), nullable=True),
    Column("reporters", Integer, nullable=False, default=1),
    Column("overdue_at", UTCDateTime, nullable=True),
    Column("escalated_at", UTCDateTime, nullable=True),
    Column("reminded_at", UTCDateTime, nullable=True),
    Column("audio_ref", String(500), nullable=True),
    Column("transcript", Text, nullable=False, default=""),
    Column("incomplete", Boolean, nullable=False, default=False),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("address", String(300), nullable=False, default=""),
    Column("access_key", String(64), nullable=False),
    Column("intake_source", String(64), nullable=False, default=""),
    Column("client_ref", String(128), nullable=True),
    Column("version_id", Integer, nullable=False),
    Index(
        "uq_feedback_case_year_seq",
        "year",
        "seq",
        unique=True,
        postgresql_where=text("seq > 0"),
        sqlite_where=text("seq > 0"),
    ),
    Index("ix_feedback_case_status_due", "status", "due_at"),
    Index("ix_feedback_case_area_path", "area_path", "received_at"),
    Index("ix_feedback_case_unit_path", "unit_path", "status"),
    Index("ix_feedback_case_origin_path", "origin_path"),
    Index("ix_feedback_case_received_at_id", "received_at", "id"),
    Index("ix_feedback_case_contact", "contact_id", "received_at"),
    Index("ix_feedback_case_source", "intake_source", "received_at"),
    Index("ix_feedback_case_merged_into", "merged_into_id"),
    Index("ix_feedback_case_access_key", "access_key"),
)

case_event_table = Table(
    "feedback_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("feedback_case.id", ondelete="CASCADE"), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("action", String(32), nullable=False),
    Column("from_status", String(16), nullable=True),
    Column("to_status", String(16), nullable=True),
    Column("note", Text, nullable=False, default=""),
    Column("public", Boolean, nullable=False, default=False),
    Index("ix_feedback_event_case", "case_id", "id"),
)

attachment_table = Table(
    "feedback_attachment",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("feedback_case.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("media_type", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("ref", String(500), nullable=False),
    Column("sha256", String(64), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("removed_at", UTCDateTime, nullable=True),
    Index("ix_feedback_attachment_case", "case_id"),
)

term_table = Table(
    "feedback_term",
    metadata,
    Column("scope_area_id", Integer, nullable=False),
    Column("term", Integer, nullable=False),
    Column("case_id", Integer, ForeignKey("feedback_case.id", ondelete="CASCADE"), nullable=False),
    PrimaryKeyConstraint("scope_area_id", "term", "case_id", name="pk_feedback_term"),
    Index("ix_feedback_term_case", "case_id"),
)

# The last sequence number given out per year: codes are gapless and never given twice.
sequence_table = Table(
    "feedback_sequence",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("last", Integer, nullable=False),
)

route_table = Table(
    "feedback_route",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="CASCADE"), nullable=False),
    Column("area_path", PathString, nullable=False),
    Column("category", String(32), nullable=True),
    Column("unit_area_id", Integer, ForeignKey("area.id", ondelete="CASCADE"), nullable=False),
    Column("unit_name", String(200), nullable=False),
    Column("created_by", String(64), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Index("uq_feedback_route_area_category", "area_id", "category", unique=True),
)

# Public holidays (not working days for deadlines), edited by the admin: see hub.feedback.deadlines.holidays.
holiday_table = Table(
    "public_holiday",
    metadata,
    Column("day", Date, primary_key=True),
    Column("name", String(200), nullable=False),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(CaseEvent, case_event_table)
    mapper_registry.map_imperatively(Attachment, attachment_table)
    mapper_registry.map_imperatively(Route, route_table)
    mapper_registry.map_imperatively(
        Case,
        case_table,
        version_id_col=case_table.c.version_id,
        properties={
            "events": relationship(
                CaseEvent, lazy="select", cascade="all, delete-orphan", order_by=case_event_table.c.id
            ),
            "attachments": relationship(
                Attachment, lazy="select", cascade="all, delete-orphan", order_by=attachment_table.c.id
            ),
        },
    )
