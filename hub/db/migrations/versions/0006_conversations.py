"""conversations: the bot's conversations, inbound messages, officials' chat links and channel
tokens; subscriptions and their reach; the pace of each channel's notifications

Revision ID: 0006_conversations
Revises: 0004_devices, 0005_calls
Create Date: 2026-11-26 08:49:14

`chat_inbound` holds every message a channel delivered, unique per channel and message id (a
repeated delivery is stored once). `subscription_reach` is one row per bulletin and citizen told.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hub.db.schema

revision = '0006_conversations'
down_revision = ('0004_devices', '0005_calls')
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chat_credential',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('access_token', sa.Text(), nullable=False),
    sa.Column('refresh_token', sa.Text(), nullable=False),
    sa.Column('expires_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_chat_credential'))
    )
    op.create_table('notify_pace',
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('next_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('channel', name=op.f('pk_notify_pace'))
    )
    op.create_table('chat_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('channel_user_id', sa.String(length=128), nullable=False),
    sa.Column('linked_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_chat_link_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_link'))
    )
    with op.batch_alter_table('chat_link', schema=None) as batch_op:
        batch_op.create_index('ix_chat_link_user', ['user_id'], unique=False)
        batch_op.create_index('uq_chat_link_channel_user', ['channel', 'channel_user_id'], unique=True)

    op.create_table('chat_link_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_chat_link_code_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_link_code'))
    )
    with op.batch_alter_table('chat_link_code', schema=None) as batch_op:
        batch_op.create_index('uq_chat_link_code_hash', ['code_hash'], unique=True)

    op.create_table('chat_inbound',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('message_key', sa.String(length=160), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('replies', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('received_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('processed_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_chat_inbound_contact_id_contact'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_inbound'))
    )
    with op.batch_alter_table('chat_inbound', schema=None) as batch_op:
        batch_op.create_index('ix_chat_inbound_contact', ['contact_id', 'id'], unique=False)
        batch_op.create_index('ix_chat_inbound_status', ['status', 'received_at'], unique=False)
        batch_op.create_index('uq_chat_inbound_channel_key', ['channel', 'message_key'], unique=True)

    op.create_table('conversation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=32), nullable=False),
    sa.Column('step', sa.String(length=32), nullable=False),
    sa.Column('slots', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('choices', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('misses', sa.Integer(), nullable=False),
    sa.Column('turns', sa.Integer(), nullable=False),
    sa.Column('updated_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_conversation_contact_id_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation'))
    )
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.create_index('uq_conversation_contact', ['contact_id'], unique=True)

    op.create_table('subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('area_path', sa.String(length=512).with_variant(sa.String(length=512, collation='C'), 'postgresql'), nullable=False),
    sa.Column('topic', sa.String(length=32), nullable=False),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_subscription_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_subscription_contact_id_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscription'))
    )
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.create_index('ix_subscription_area_path', ['area_path', 'contact_id'], unique=False)
        batch_op.create_index('uq_subscription_contact_area_topic', ['contact_id', 'area_id', 'topic'], unique=True)

    op.create_table('subscription_reach',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bulletin_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bulletin_id'], ['bulletin.id'], name=op.f('fk_subscription_reach_bulletin_id_bulletin'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_subscription_reach_contact_id_contact'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['message_id'], ['message.id'], name=op.f('fk_subscription_reach_message_id_message'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscription_reach'))
    )
    with op.batch_alter_table('subscription_reach', schema=None) as batch_op:
        batch_op.create_index('ix_subscription_reach_created_at', ['created_at'], unique=False)
        batch_op.create_index('uq_subscription_reach_bulletin_contact', ['bulletin_id', 'contact_id'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('subscription_reach', schema=None) as batch_op:
        batch_op.drop_index('uq_subscription_reach_bulletin_contact')
        batch_op.drop_index('ix_subscription_reach_created_at')

    op.drop_table('subscription_reach')
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.drop_index('uq_subscription_contact_area_topic')
        batch_op.drop_index('ix_subscription_area_path')

    op.drop_table('subscription')
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_index('uq_conversation_contact')

    op.drop_table('conversation')
    with op.batch_alter_table('chat_inbound', schema=None) as batch_op:
        batch_op.drop_index('uq_chat_inbound_channel_key')
        batch_op.drop_index('ix_chat_inbound_status')
        batch_op.drop_index('ix_chat_inbound_contact')

    op.drop_table('chat_inbound')
    with op.batch_alter_table('chat_link_code', schema=None) as batch_op:
        batch_op.drop_index('uq_chat_link_code_hash')

    op.drop_table('chat_link_code')
    with op.batch_alter_table('chat_link', schema=None) as batch_op:
        batch_op.drop_index('uq_chat_link_channel_user')
        batch_op.drop_index('ix_chat_link_user')

    op.drop_table('chat_link')
    op.drop_table('notify_pace')
    op.drop_table('chat_credential')
