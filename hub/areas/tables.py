"""Tables of the areas domain and their mapping onto the plain model classes."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import relationship

from hub.areas.model import Area, AreaAlias, AreaLevel, Office
from hub.db.schema import EnumString, UTCDateTime, mapper_registry, metadata

# Paths compare byte-wise (prefix ranges); on PostgreSQL that needs the C collation.
PathString = String(512).with_variant(String(512, collation="C"), "postgresql")

area_table = Table(
    "area",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("level", EnumString(AreaLevel, 16), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("parent_id", Integer, ForeignKey("area.id", ondelete="RESTRICT"), nullable=True, index=True),
    Column("path", PathString, nullable=False, unique=True),
    Column("search_key", String(200), nullable=False, index=True),
    Column("search_full", String(200), nullable=False),
    Column("search_compact", String(200), nullable=False),
)

area_alias_table = Table(
    "area_alias",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alias", String(200), nullable=False),
    Column("search_key", String(200), nullable=False, index=True),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="CASCADE"), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("created_by", String(64), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=True),
    Index("uq_area_alias_key_area", "search_key", "area_id", unique=True),
)

# A commune office's phone number and hours (replacing TTCS_CHAT_OFFICE_PHONES / TTCS_IVR_OFFICE_HOURS
# per commune; those stay the defaults).
area_office_table = Table(
    "area_office",
    metadata,
    Column("area_id", Integer, ForeignKey("area.id", ondelete="CASCADE"), primary_key=True),
    Column("phone", String(40), nullable=False, default=""),
    Column("hours", String(500), nullable=False, default=""),
    Column("updated_by", String(64), nullable=False, default=""),
    Column("updated_at", UTCDateTime, nullable=True),
)


def map_tables() -> None:
    # `level` is a StrEnum stored as its string value; StrEnum compares equal to that string.
    mapper_registry.map_imperatively(Area, area_table)
    mapper_registry.map_imperatively(
        AreaAlias,
        area_alias_table,
        properties={"area": relationship(Area, lazy="joined", innerjoin=True)},
    )
    mapper_registry.map_imperatively(Office, area_office_table)


__all__ = ["area_alias_table", "area_office_table", "area_table", "map_tables"]
