"""report: frozen figures per area and year, submissions kept as submitted, reminders, training register

Revision ID: 0012_report
Revises: 0011_holidays
Create Date: 2026-12-03 07:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from hub.db.schema import JSONDoc, UTCDateTime

revision = "0012_report"
down_revision = "0011_holidays"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("figures", JSONDoc, nullable=False),
        sa.Column("frozen_at", UTCDateTime(), nullable=False),
        sa.Column("frozen_by", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_report_snapshot_area_id_area"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_snapshot")),
    )
    op.create_index("ix_report_snapshot_year_area", "report_snapshot", ["year", "area_id"])
    op.create_table(
        "report_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("figures", JSONDoc, nullable=False),
        sa.Column("done", sa.Text(), nullable=False),
        sa.Column("difficulties", sa.Text(), nullable=False),
        sa.Column("proposals", sa.Text(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_report_submission_area_id_area"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["report_snapshot.id"],
            name=op.f("fk_report_submission_snapshot_id_report_snapshot"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_report_submission_user_id_app_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_submission")),
    )
    op.create_index("ix_report_submission_year_area", "report_submission", ["year", "area_id"])
    op.create_table(
        "report_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("reminded_at", UTCDateTime(), nullable=False),
        sa.Column("reminded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_report_reminder_area_id_area"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_reminder")),
    )
    op.create_index("ix_report_reminder_year_area", "report_reminder", ["year", "area_id"])
    op.create_table(
        "report_training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("course", sa.String(length=300), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("attendees", JSONDoc, nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_report_training_area_id_area"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_training")),
    )
    op.create_index("ix_report_training_area_id", "report_training", ["area_id"])
    op.create_index("ix_report_training_held_on", "report_training", ["held_on"])


def downgrade() -> None:
    for table in ("report_training", "report_reminder", "report_submission", "report_snapshot"):
        op.drop_table(table)
