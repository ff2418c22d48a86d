"""form_once: the idempotency tokens of the officials' forms (hub/web/once.py)

Revision ID: 0015_form_once
Revises: 0014_streams
Create Date: 2026-12-03 07:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from hub.db.schema import UTCDateTime

revision = "0015_form_once"
down_revision = "0014_streams"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_submission",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("token"),
    )
    op.create_index("ix_form_submission_claimed_at", "form_submission", ["claimed_at"])


def downgrade() -> None:
    op.drop_index("ix_form_submission_claimed_at", table_name="form_submission")
    op.drop_table("form_submission")
