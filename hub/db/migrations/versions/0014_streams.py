"""streams: relay sources ("tiếp sóng"), the recurring relay windows of the areas' programmes, and
live broadcasts ("phát trực tiếp")

Revision ID: 0014_streams
Revises: 0013_lang
Create Date: 2026-12-03 07:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hub.db.schema

revision = "0014_streams"
down_revision = "0013_lang"
branch_labels = None
depends_on = None

PATH = sa.String(length=512).with_variant(sa.String(length=512, collation="C"), "postgresql")
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "relay_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("upstream_url", sa.String(length=500), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=64), nullable=False),
        sa.Column("area_path", PATH, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("state_since", hub.db.schema.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", hub.db.schema.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_relay_source_area_id_area"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relay_source")),
    )
    op.create_table(
        "relay_window",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=64), nullable=False),
        sa.Column("area_path", PATH, nullable=False),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.Column("days", JSON, nullable=False),
        sa.Column("created_at", hub.db.schema.UTCDateTime(timezone=True), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("bulletin_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bulletin_id"], ["bulletin.id"], name=op.f("fk_relay_window_bulletin_id_bulletin"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_relay_window_area_id_area"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["relay_source.id"], name=op.f("fk_relay_window_source_id_relay_source"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relay_window")),
    )
    with op.batch_alter_table("relay_window", schema=None) as batch_op:
        batch_op.create_index("ix_relay_window_area_path", ["area_path"], unique=False)
        batch_op.create_index("ix_relay_window_source_id", ["source_id"], unique=False)
    op.create_table(
        "live_broadcast",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("area_codes", JSON, nullable=False),
        sa.Column("area_paths", JSON, nullable=False),
        sa.Column("interrupt", sa.Boolean(), nullable=False),
        sa.Column("started_by", sa.String(length=64), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("started_at", hub.db.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", hub.db.schema.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ingest_hash", sa.String(length=64), nullable=False),
        sa.Column("recording", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["started_by_id"], ["app_user.id"], name=op.f("fk_live_broadcast_started_by_id_app_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_broadcast")),
    )
    with op.batch_alter_table("live_broadcast", schema=None) as batch_op:
        batch_op.create_index("ix_live_broadcast_ended_at", ["ended_at"], unique=False)


def downgrade() -> None:
    op.drop_table("live_broadcast")
    op.drop_table("relay_window")
    op.drop_table("relay_source")
