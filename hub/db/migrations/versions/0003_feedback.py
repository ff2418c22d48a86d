"""feedback: citizens' contacts, the outbox of messages, feedback cases, routing rules

Revision ID: 0003_feedback
Revises: 0001_foundation
Create Date: 2026-11-26 07:00:59

Independent of 0002 (audio), which also starts from 0001: `upgrade heads` applies both.
`feedback_term` is the inverted index of duplicate suggestions (see hub/feedback/text.py);
`feedback_sequence` hands out the per-year case numbers.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hub.db.schema

revision = '0003_feedback'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feedback_sequence',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_feedback_sequence'))
    )
    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('channel_user_id', sa.String(length=128), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('consent_personal', sa.Boolean(), nullable=False),
    sa.Column('consent_notify', sa.Boolean(), nullable=False),
    sa.Column('consent_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('anonymised_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_contact_area_id_area'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact'))
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index('ix_contact_last_seen_at', ['last_seen_at'], unique=False)
        batch_op.create_index('ix_contact_phone', ['phone'], unique=False)
        batch_op.create_index('uq_contact_channel_user', ['channel', 'channel_user_id'], unique=True)

    op.create_table('feedback_route',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('area_path', sa.String(length=512).with_variant(sa.String(length=512, collation='C'), 'postgresql'), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=True),
    sa.Column('unit_area_id', sa.Integer(), nullable=False),
    sa.Column('unit_name', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_feedback_route_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_area_id'], ['area.id'], name=op.f('fk_feedback_route_unit_area_id_area'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_route'))
    )
    with op.batch_alter_table('feedback_route', schema=None) as batch_op:
        batch_op.create_index('uq_feedback_route_area_category', ['area_id', 'category'], unique=True)

    op.create_table('feedback_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('text_hash', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('classification', sa.String(length=16), nullable=False),
    sa.Column('suggested_classification', sa.String(length=16), nullable=False),
    sa.Column('classification_confirmed', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('area_path', sa.String(length=512).with_variant(sa.String(length=512, collation='C'), 'postgresql'), nullable=False),
    sa.Column('scope_area_id', sa.Integer(), nullable=False),
    sa.Column('unit_area_id', sa.Integer(), nullable=False),
    sa.Column('unit_path', sa.String(length=512).with_variant(sa.String(length=512, collation='C'), 'postgresql'), nullable=False),
    sa.Column('unit_name', sa.String(length=200), nullable=False),
    sa.Column('origin_path', sa.String(length=512).with_variant(sa.String(length=512, collation='C'), 'postgresql'), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('received_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('due_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answer_text', sa.Text(), nullable=False),
    sa.Column('answered_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answer_bulletin_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('forwarded_to', sa.String(length=200), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('reporters', sa.Integer(), nullable=False),
    sa.Column('overdue_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('audio_ref', sa.String(length=500), nullable=True),
    sa.Column('transcript', sa.Text(), nullable=False),
    sa.Column('incomplete', sa.Boolean(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('access_key', sa.String(length=64), nullable=False),
    sa.Column('intake_source', sa.String(length=64), nullable=False),
    sa.Column('client_ref', sa.String(length=128), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['answer_bulletin_id'], ['bulletin.id'], name=op.f('fk_feedback_case_answer_bulletin_id_bulletin'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['answered_by_id'], ['app_user.id'], name=op.f('fk_feedback_case_answered_by_id_app_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_feedback_case_area_id_area'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['assignee_id'], ['app_user.id'], name=op.f('fk_feedback_case_assignee_id_app_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_feedback_case_contact_id_contact'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['feedback_case.id'], name=op.f('fk_feedback_case_merged_into_id_feedback_case'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_area_id'], ['area.id'], name=op.f('fk_feedback_case_unit_area_id_area'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_case')),
    sa.UniqueConstraint('code', name=op.f('uq_feedback_case_code'))
    )
    with op.batch_alter_table('feedback_case', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_case_access_key', ['access_key'], unique=False)
        batch_op.create_index('ix_feedback_case_area_path', ['area_path', 'received_at'], unique=False)
        batch_op.create_index('ix_feedback_case_contact', ['contact_id', 'received_at'], unique=False)
        batch_op.create_index('ix_feedback_case_merged_into', ['merged_into_id'], unique=False)
        batch_op.create_index('ix_feedback_case_origin_path', ['origin_path'], unique=False)
        batch_op.create_index('ix_feedback_case_received_at_id', ['received_at', 'id'], unique=False)
        batch_op.create_index('ix_feedback_case_source', ['intake_source', 'received_at'], unique=False)
        batch_op.create_index('ix_feedback_case_status_due', ['status', 'due_at'], unique=False)
        batch_op.create_index('ix_feedback_case_unit_path', ['unit_path', 'status'], unique=False)
        batch_op.create_index('uq_feedback_case_year_seq', ['year', 'seq'], unique=True, postgresql_where=sa.text('seq > 0'), sqlite_where=sa.text('seq > 0'))

    op.create_table('message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('choices', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('provider_id', sa.String(length=128), nullable=True),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.Column('read_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_message_contact_id_contact'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_message_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message'))
    )
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.create_index('ix_message_contact_id', ['contact_id', 'id'], unique=False)
        batch_op.create_index('ix_message_reference', ['reference'], unique=False)
        batch_op.create_index('ix_message_status_channel', ['status', 'channel'], unique=False)
        batch_op.create_index('ix_message_user_id', ['user_id', 'id'], unique=False)

    op.create_table('feedback_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('media_type', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('removed_at', hub.db.schema.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['feedback_case.id'], name=op.f('fk_feedback_attachment_case_id_feedback_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_attachment'))
    )
    with op.batch_alter_table('feedback_attachment', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_attachment_case', ['case_id'], unique=False)

    op.create_table('feedback_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['feedback_case.id'], name=op.f('fk_feedback_event_case_id_feedback_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_event'))
    )
    with op.batch_alter_table('feedback_event', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_event_case', ['case_id', 'id'], unique=False)

    op.create_table('feedback_term',
    sa.Column('scope_area_id', sa.Integer(), nullable=False),
    sa.Column('term', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['feedback_case.id'], name=op.f('fk_feedback_term_case_id_feedback_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('scope_area_id', 'term', 'case_id', name='pk_feedback_term')
    )
    with op.batch_alter_table('feedback_term', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_term_case', ['case_id'], unique=False)


def downgrade() -> None:
    for table in (
        'feedback_term',
        'feedback_event',
        'feedback_attachment',
        'message',
        'feedback_case',
        'feedback_route',
        'contact',
        'feedback_sequence',
    ):
        op.drop_table(table)
