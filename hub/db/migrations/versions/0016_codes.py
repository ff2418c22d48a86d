"""codes: a commune office's phone number and hours, set by admins (hub/areas, `area_office`)

Revision ID: 0016_codes
Revises: 0015_form_once
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from hub.db.schema import UTCDateTime

revision = "0016_codes"
down_revision = "0015_form_once"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "area_office",
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("hours", sa.String(length=500), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["area_id"], ["area.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("area_id"),
    )


def downgrade() -> None:
    op.drop_table("area_office")
