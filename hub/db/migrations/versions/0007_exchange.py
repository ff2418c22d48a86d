"""exchange: provincial source systems (partner accounts, messages handled once, their bulletins and
clusters), the outbox of reports to the upstream system, and imported CAP alerts

Revision ID: 0007_exchange
Revises: 0006_conversations
Create Date: 2026-11-26 10:01:12.939936
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hub.db.schema

revision = '0007_exchange'
down_revision = '0006_conversations'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('upstream_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=False),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_upstream_outbox')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_upstream_outbox_dedupe_key'))
    )
    with op.batch_alter_table('upstream_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_upstream_outbox_sent_at_id', ['sent_at', 'id'], unique=False)

    op.create_table('upstream_state',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('next_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('last_sent_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('log_cursor', sa.Integer(), nullable=False),
    sa.Column('pending_last', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_upstream_state'))
    )
    op.create_table('source_system',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_source_system_area_id_area'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_source_system_user_id_app_user'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_system')),
    sa.UniqueConstraint('code', name=op.f('uq_source_system_code')),
    sa.UniqueConstraint('user_id', name=op.f('uq_source_system_user_id'))
    )
    op.create_table('cap_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender', sa.String(length=255), nullable=False),
    sa.Column('identifier', sa.String(length=255), nullable=False),
    sa.Column('sent', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('msg_type', sa.String(length=16), nullable=False),
    sa.Column('received_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('trusted', sa.Boolean(), nullable=False),
    sa.Column('bulletin_id', sa.Integer(), nullable=True),
    sa.Column('refs', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['bulletin_id'], ['bulletin.id'], name=op.f('fk_cap_alert_bulletin_id_bulletin'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cap_alert'))
    )
    with op.batch_alter_table('cap_alert', schema=None) as batch_op:
        batch_op.create_index('ix_cap_alert_bulletin_id', ['bulletin_id'], unique=False)
        batch_op.create_index('uq_cap_alert_sender_identifier_sent', ['sender', 'identifier', 'sent'], unique=True)

    op.create_table('source_bulletin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('ban_tin_id', sa.String(length=100), nullable=False),
    sa.Column('bulletin_id', sa.Integer(), nullable=False),
    sa.Column('schedule_ids', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bulletin_id'], ['bulletin.id'], name=op.f('fk_source_bulletin_bulletin_id_bulletin'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['source_system.id'], name=op.f('fk_source_bulletin_source_id_source_system'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_bulletin'))
    )
    with op.batch_alter_table('source_bulletin', schema=None) as batch_op:
        batch_op.create_index('ix_source_bulletin_bulletin_id', ['bulletin_id'], unique=False)
        batch_op.create_index('uq_source_bulletin_source_ban_tin', ['source_id', 'ban_tin_id'], unique=True)

    op.create_table('source_cluster',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_source_cluster_device_id_device'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['source_system.id'], name=op.f('fk_source_cluster_source_id_source_system'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_cluster'))
    )
    with op.batch_alter_table('source_cluster', schema=None) as batch_op:
        batch_op.create_index('uq_source_cluster_source_cluster', ['source_id', 'cluster_id'], unique=True)

    op.create_table('source_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('message_key', sa.String(length=64), nullable=False),
    sa.Column('received_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answer', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['source_system.id'], name=op.f('fk_source_message_source_id_source_system'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_message'))
    )
    with op.batch_alter_table('source_message', schema=None) as batch_op:
        batch_op.create_index('uq_source_message_source_key', ['source_id', 'message_key'], unique=True)


def downgrade() -> None:
    for table in ('source_message', 'source_cluster', 'source_bulletin', 'cap_alert', 'source_system',
                  'upstream_state', 'upstream_outbox'):
        op.drop_table(table)
