"""identity: an admin's unlock of a name's sign-in lockout, and web sessions ended by signing out

Revision ID: 0009_identity
Revises: 0007_exchange
Create Date: 2026-12-02 20:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import hub.db.schema

revision = '0009_identity'
down_revision = '0007_exchange'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('login_reset_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True))

    op.create_table('revoked_session',
    sa.Column('sid', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('expires_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_revoked_session_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sid', name=op.f('pk_revoked_session'))
    )
    with op.batch_alter_table('revoked_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revoked_session_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('revoked_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revoked_session_expires_at'))

    op.drop_table('revoked_session')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('login_reset_at')
