"""devices: registry, tokens, commands, play logs, alerts, programmes, change versions

Revision ID: 0004_devices
Revises: 0002_audio
Create Date: 2026-11-26 07:31:04.335724

The device registry (device, device_command, play_log, device_alert), each commune's programme
(broadcast_rules, broadcast_schedule), and the change versions devices collect by
(delivery_counter with its one row, delivery_change).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hub.db.schema

revision = '0004_devices'
down_revision = '0002_audio'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('delivery_change',
    sa.Column('scope', sa.String(length=600), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('emergency', sa.Boolean(), nullable=False),
    sa.Column('changed_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('scope', name=op.f('pk_delivery_change'))
    )
    with op.batch_alter_table('delivery_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_change_version'), ['version'], unique=False)

    op.create_table('delivery_counter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_counter'))
    )
    op.bulk_insert(sa.table('delivery_counter', sa.column('id'), sa.column('version')), [{'id': 1, 'version': 0}])
    op.create_table('broadcast_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('windows', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('quiet', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('max_volume', sa.Integer(), nullable=False),
    sa.Column('interrupt_policy', sa.String(length=16), nullable=False),
    sa.Column('priority_order', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('updated_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_broadcast_rules_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['app_user.id'], name=op.f('fk_broadcast_rules_updated_by_id_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_broadcast_rules')),
    sa.UniqueConstraint('area_id', name=op.f('uq_broadcast_rules_area_id'))
    )
    op.create_table('device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('imei', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('area_code', sa.String(length=64), nullable=False),
    sa.Column('area_path', sa.String(length=512).with_variant(sa.String(length=512, collation='C'), 'postgresql'), nullable=False),
    sa.Column('group_name', sa.String(length=100), nullable=False),
    sa.Column('vendor', sa.String(length=100), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('volume', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('state_since', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_seen_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('status', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('alarms', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('app_version', sa.String(length=64), nullable=False),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_device_area_id_area'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device')),
    sa.UniqueConstraint('imei', name=op.f('uq_device_imei')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_device_token_hash'))
    )
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.create_index('ix_device_area_path', ['area_path'], unique=False)
        batch_op.create_index('ix_device_state_last_seen_at', ['state', 'last_seen_at'], unique=False)

    op.create_table('broadcast_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('bulletin_id', sa.Integer(), nullable=False),
    sa.Column('recurrence', sa.String(length=16), nullable=False),
    sa.Column('times', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('days', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_broadcast_schedule_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['bulletin_id'], ['bulletin.id'], name=op.f('fk_broadcast_schedule_bulletin_id_bulletin'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_broadcast_schedule_created_by_id_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_broadcast_schedule'))
    )
    with op.batch_alter_table('broadcast_schedule', schema=None) as batch_op:
        batch_op.create_index('ix_broadcast_schedule_area_bulletin', ['area_id', 'bulletin_id'], unique=False)
        batch_op.create_index('ix_broadcast_schedule_bulletin_id', ['bulletin_id'], unique=False)

    op.create_table('device_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('area_path', sa.String(length=512).with_variant(sa.String(length=512, collation='C'), 'postgresql'), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('opened_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_device_alert_device_id_device'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_alert'))
    )
    with op.batch_alter_table('device_alert', schema=None) as batch_op:
        batch_op.create_index('ix_device_alert_area_path', ['area_path'], unique=False)
        batch_op.create_index('ix_device_alert_device_id_kind', ['device_id', 'kind'], unique=False)

    op.create_table('device_command',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('args', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('acked_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_device_command_created_by_id_app_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_device_command_device_id_device'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_command'))
    )
    with op.batch_alter_table('device_command', schema=None) as batch_op:
        batch_op.create_index('ix_device_command_device_id_status', ['device_id', 'status'], unique=False)

    op.create_table('play_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=120), nullable=False),
    sa.Column('bulletin_id', sa.Integer(), nullable=True),
    sa.Column('started_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('result', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('received_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bulletin_id'], ['bulletin.id'], name=op.f('fk_play_log_bulletin_id_bulletin'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_play_log_device_id_device'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_play_log'))
    )
    with op.batch_alter_table('play_log', schema=None) as batch_op:
        batch_op.create_index('ix_play_log_bulletin_id', ['bulletin_id'], unique=False)
        batch_op.create_index('uq_play_log_device_item_start', ['device_id', 'item_id', 'started_at'], unique=True)



def downgrade() -> None:
    with op.batch_alter_table('play_log', schema=None) as batch_op:
        batch_op.drop_index('uq_play_log_device_item_start')
        batch_op.drop_index('ix_play_log_bulletin_id')

    op.drop_table('play_log')
    with op.batch_alter_table('device_command', schema=None) as batch_op:
        batch_op.drop_index('ix_device_command_device_id_status')

    op.drop_table('device_command')
    with op.batch_alter_table('device_alert', schema=None) as batch_op:
        batch_op.drop_index('ix_device_alert_device_id_kind')
        batch_op.drop_index('ix_device_alert_area_path')

    op.drop_table('device_alert')
    with op.batch_alter_table('broadcast_schedule', schema=None) as batch_op:
        batch_op.drop_index('ix_broadcast_schedule_bulletin_id')
        batch_op.drop_index('ix_broadcast_schedule_area_bulletin')

    op.drop_table('broadcast_schedule')
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_index('ix_device_state_last_seen_at')
        batch_op.drop_index('ix_device_area_path')

    op.drop_table('device')
    op.drop_table('broadcast_rules')
    op.drop_table('delivery_counter')
    with op.batch_alter_table('delivery_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_change_version'))

    op.drop_table('delivery_change')
