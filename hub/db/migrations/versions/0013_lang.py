"""lang: the languages each area broadcasts, in order, and the language of each play log

Revision ID: 0013_lang
Revises: 0012_report
Create Date: 2026-12-03 07:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hub.db.schema

revision = "0013_lang"
down_revision = "0012_report"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "broadcast_language",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("langs", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
        sa.Column("updated_at", hub.db.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_broadcast_language_area_id_area"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["app_user.id"], name=op.f("fk_broadcast_language_updated_by_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcast_language")),
        sa.UniqueConstraint("area_id", name=op.f("uq_broadcast_language_area_id")),
    )
    with op.batch_alter_table("play_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lang", sa.String(length=16), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("play_log", schema=None) as batch_op:
        batch_op.drop_column("lang")
    op.drop_table("broadcast_language")
