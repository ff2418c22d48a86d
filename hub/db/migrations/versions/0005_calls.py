"""calls: one record per hotline call (caller as a contact, commune, path through the menu, result)

Revision ID: 0005_calls
Revises: 0002_audio, 0003_feedback
Create Date: 2026-11-28 09:00:00

Needs the contact table (0003) and joins the audio branch (0002), so both are its parents;
`0004_devices` grows from 0002 independently and `upgrade heads` applies everything.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import hub.db.schema

revision = '0005_calls'
down_revision = ('0002_audio', '0003_feedback')
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('call_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_ref', sa.String(length=128), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('area_path', sa.String(length=512).with_variant(sa.String(length=512, collation='C'), 'postgresql'), nullable=False),
    sa.Column('started_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('duration_seconds', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=1000), nullable=False),
    sa.Column('result', sa.String(length=32), nullable=False),
    sa.Column('case_code', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_call_record_area_id_area'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_call_record_contact_id_contact'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_record'))
    )
    with op.batch_alter_table('call_record', schema=None) as batch_op:
        batch_op.create_index('ix_call_record_area_path', ['area_path', 'started_at'], unique=False)
        batch_op.create_index('ix_call_record_contact_id', ['contact_id'], unique=False)
        batch_op.create_index('ix_call_record_started_at', ['started_at'], unique=False)


def downgrade() -> None:
    op.drop_table('call_record')
