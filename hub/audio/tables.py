"""Tables of the audio domain."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import relationship

from hub.audio.model import (
    AudioFile,
    AudioStatus,
    BroadcastLanguages,
    BulletinAudio,
    LexiconEntry,
    Recording,
    Rendering,
    Source,
)
from hub.db.schema import EnumString, JSONDoc, UTCDateTime, mapper_registry, metadata

audio_rendering_table = Table(
    "audio_rendering",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("source", EnumString(Source, 16), nullable=False),
    Column("engine", String(32), nullable=False),
    Column("voice", String(200), nullable=False),
    Column("lang", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("duration_ms", Integer, nullable=False),
    Column("warnings", JSONDoc, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

audio_file_table = Table(
    "audio_file",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rendering_id", Integer, ForeignKey("audio_rendering.id", ondelete="CASCADE"), nullable=False),
    Column("format", String(16), nullable=False),
    Column("storage_key", String(300), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("bytes", Integer, nullable=False),
    Column("duration_ms", Integer, nullable=False),
    Index("uq_audio_file_rendering_format", "rendering_id", "format", unique=True),
)

bulletin_audio_table = Table(
    "bulletin_audio",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("bulletin_id", Integer, ForeignKey("bulletin.id", ondelete="CASCADE"), nullable=False),
    Column("lang", String(16), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("status", EnumString(AudioStatus, 20), nullable=False),
    Column("rendering_id", Integer, ForeignKey("audio_rendering.id", ondelete="SET NULL"), nullable=True),
    Column("rendering_key", String(64), nullable=False, default=""),
    Column("engine", String(32), nullable=False, default=""),
    Column("fallback", Boolean, nullable=False, default=False),
    Column("error", Text, nullable=False, default=""),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("uq_bulletin_audio_bulletin_lang", "bulletin_id", "lang", unique=True),
)

audio_recording_table = Table(
    "audio_recording",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("bulletin_id", Integer, ForeignKey("bulletin.id", ondelete="CASCADE"), nullable=False),
    Column("lang", String(16), nullable=False),
    Column("storage_key", String(300), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("bytes", Integer, nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("duration_ms", Integer, nullable=False),
    Column("uploaded_at", UTCDateTime, nullable=False),
    Column("uploaded_by_id", Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
    Index("ix_audio_recording_bulletin_lang", "bulletin_id", "lang", "id"),
)

speech_lexicon_table = Table(
    "speech_lexicon",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("term", String(100), nullable=False, unique=True),
    Column("spoken", String(500), nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("updated_by_id", Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
)

broadcast_language_table = Table(
    "broadcast_language",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("langs", JSONDoc, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("updated_by_id", Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
)


def map_tables() -> None:
    mapper_registry.map_imperatively(AudioFile, audio_file_table)
    mapper_registry.map_imperatively(
        Rendering,
        audio_rendering_table,
        properties={
            "files": relationship(
                AudioFile, lazy="selectin", cascade="all, delete-orphan", order_by=audio_file_table.c.id
            )
        },
    )
    mapper_registry.map_imperatively(BulletinAudio, bulletin_audio_table)
    mapper_registry.map_imperatively(Recording, audio_recording_table)
    mapper_registry.map_imperatively(LexiconEntry, speech_lexicon_table)
    mapper_registry.map_imperatively(BroadcastLanguages, broadcast_language_table)
