"""audio: renderings, bulletin audio, recordings, lexicon

Revision ID: 0002_audio
Revises: 0001_foundation
Create Date: 2026-11-26 06:44:09.065794

Rendered audio cached by content (audio_rendering + audio_file), the audio of each bulletin per
language (bulletin_audio), uploaded recordings, and the officials' pronunciation lexicon.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hub.db.schema

revision = '0002_audio'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audio_rendering',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('engine', sa.String(length=32), nullable=False),
    sa.Column('voice', sa.String(length=200), nullable=False),
    sa.Column('lang', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('warnings', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audio_rendering')),
    sa.UniqueConstraint('key', name=op.f('uq_audio_rendering_key'))
    )
    op.create_table('audio_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rendering_id', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('storage_key', sa.String(length=300), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('bytes', sa.Integer(), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['rendering_id'], ['audio_rendering.id'], name=op.f('fk_audio_file_rendering_id_audio_rendering'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audio_file'))
    )
    with op.batch_alter_table('audio_file', schema=None) as batch_op:
        batch_op.create_index('uq_audio_file_rendering_format', ['rendering_id', 'format'], unique=True)

    op.create_table('speech_lexicon',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=100), nullable=False),
    sa.Column('spoken', sa.String(length=500), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['app_user.id'], name=op.f('fk_speech_lexicon_updated_by_id_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speech_lexicon')),
    sa.UniqueConstraint('term', name=op.f('uq_speech_lexicon_term'))
    )
    op.create_table('audio_recording',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bulletin_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=16), nullable=False),
    sa.Column('storage_key', sa.String(length=300), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('bytes', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['bulletin_id'], ['bulletin.id'], name=op.f('fk_audio_recording_bulletin_id_bulletin'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['app_user.id'], name=op.f('fk_audio_recording_uploaded_by_id_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audio_recording'))
    )
    with op.batch_alter_table('audio_recording', schema=None) as batch_op:
        batch_op.create_index('ix_audio_recording_bulletin_lang', ['bulletin_id', 'lang', 'id'], unique=False)

    op.create_table('bulletin_audio',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bulletin_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=16), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('rendering_id', sa.Integer(), nullable=True),
    sa.Column('rendering_key', sa.String(length=64), nullable=False),
    sa.Column('engine', sa.String(length=32), nullable=False),
    sa.Column('fallback', sa.Boolean(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('updated_at', hub.db.schema.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bulletin_id'], ['bulletin.id'], name=op.f('fk_bulletin_audio_bulletin_id_bulletin'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rendering_id'], ['audio_rendering.id'], name=op.f('fk_bulletin_audio_rendering_id_audio_rendering'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bulletin_audio'))
    )
    with op.batch_alter_table('bulletin_audio', schema=None) as batch_op:
        batch_op.create_index('uq_bulletin_audio_bulletin_lang', ['bulletin_id', 'lang'], unique=True)



def downgrade() -> None:
    with op.batch_alter_table('bulletin_audio', schema=None) as batch_op:
        batch_op.drop_index('uq_bulletin_audio_bulletin_lang')

    op.drop_table('bulletin_audio')
    with op.batch_alter_table('audio_recording', schema=None) as batch_op:
        batch_op.drop_index('ix_audio_recording_bulletin_lang')

    op.drop_table('audio_recording')
    op.drop_table('speech_lexicon')
    with op.batch_alter_table('audio_file', schema=None) as batch_op:
        batch_op.drop_index('uq_audio_file_rendering_format')

    op.drop_table('audio_file')
    op.drop_table('audio_rendering')
