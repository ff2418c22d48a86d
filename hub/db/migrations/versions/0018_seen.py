"""seen: the devices' heartbeat history, one row per device and UTC hour it was heard from
(hub/devices/telemetry.py writes it, the annual report's availability reads it)

Revision ID: 0018_seen
Revises: 0017_search
Create Date: 2026-12-03 11:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_seen"
down_revision = "0017_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_seen",
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("hour", sa.Integer(), autoincrement=False, nullable=False),  # UTC hours since 1970
        sa.ForeignKeyConstraint(["device_id"], ["device.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("device_id", "hour"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("device_seen")
