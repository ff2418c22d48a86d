"""emergency confirm: an emergency ordered by chat waits for a one-time code fetched in the web app

Revision ID: 0010_emergency_confirm
Revises: 0009_identity
Create Date: 2026-12-02 20:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hub.db.schema

revision = '0010_emergency_confirm'
down_revision = '0009_identity'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chat_confirmation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('channel_user_id', sa.String(length=128), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=True),
    sa.Column('code_expires_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('finished_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_chat_confirmation_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_confirmation'))
    )
    with op.batch_alter_table('chat_confirmation', schema=None) as batch_op:
        batch_op.create_index('ix_chat_confirmation_chat', ['channel', 'channel_user_id', 'status'], unique=False)
        batch_op.create_index('ix_chat_confirmation_user', ['user_id', 'status'], unique=False)


def downgrade() -> None:
    op.drop_table('chat_confirmation')
