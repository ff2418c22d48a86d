"""Tables of the bulletins domain."""

from __future__ import annotations

from sqlalchemy import Column, ColumnElement, ForeignKey, Index, Integer, String, Table, Text, event
from sqlalchemy.orm import relationship

from hub.areas.tables import PathString
from hub.bulletins.categories import Category
from hub.bulletins.model import (
    LIVE,
    RELEASED,
    Bulletin,
    BulletinTarget,
    BulletinVariant,
    Priority,
    Revision,
    Status,
)
from hub.db.schema import EnumString, JSONDoc, UTCDateTime, mapper_registry, metadata
from hub.kit.text import fold

bulletin_table = Table(
    "bulletin",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("summary", Text, nullable=False, default=""),
    Column("body", Text, nullable=False),
    Column("category", EnumString(Category, 32), nullable=False),
    Column("priority", EnumString(Priority, 16), nullable=False),
    Column("status", EnumString(Status, 16), nullable=False),
    Column("creating_area_id", Integer, ForeignKey("area.id", ondelete="RESTRICT"), nullable=False),
    Column("author_id", Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
    Column("valid_from", UTCDateTime, nullable=False),
    Column("valid_until", UTCDateTime, nullable=True),
    Column("revision", Integer, nullable=False),
    Column("approved_revision", Integer, nullable=True),
    Column("status_reason", Text, nullable=False, default=""),
    Column("origin", String(200), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("submitted_at", UTCDateTime, nullable=True),
    Column("approved_at", UTCDateTime, nullable=True),
    Column("approved_by_id", Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
    Column("published_at", UTCDateTime, nullable=True),
    Column("ended_at", UTCDateTime, nullable=True),
    Column("version_id", Integer, nullable=False),
    # Folded title and summary (no marks, no case) for search that ignores diacritics.
    Column("search_text", Text, nullable=False, default=""),
    Index("ix_bulletin_status_valid", "status", "valid_from"),
    Index("ix_bulletin_created_at_id", "created_at", "id"),
    Index("ix_bulletin_creating_area_id", "creating_area_id"),
)

bulletin_target_table = Table(
    "bulletin_target",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("bulletin_id", Integer, ForeignKey("bulletin.id", ondelete="CASCADE"), nullable=False),
    Column("area_id", Integer, ForeignKey("area.id", ondelete="RESTRICT"), nullable=False),
    Column("area_code", String(64), nullable=False),
    Column("area_path", PathString, nullable=False),
    Index("uq_bulletin_target_bulletin_area", "bulletin_id", "area_id", unique=True),
    Index("ix_bulletin_target_area_path", "area_path", "bulletin_id"),
)

bulletin_variant_table = Table(
    "bulletin_variant",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("bulletin_id", Integer, ForeignKey("bulletin.id", ondelete="CASCADE"), nullable=False),
    Column("lang", String(16), nullable=False),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Index("uq_bulletin_variant_bulletin_lang", "bulletin_id", "lang", unique=True),
)

bulletin_revision_table = Table(
    "bulletin_revision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("bulletin_id", Integer, ForeignKey("bulletin.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("title", String(200), nullable=False),
    Column("summary", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("category", String(32), nullable=False),
    Column("priority", String(16), nullable=False),
    Column("valid_from", UTCDateTime, nullable=False),
    Column("valid_until", UTCDateTime, nullable=True),
    Column("target_codes", JSONDoc, nullable=False),
    Column("variants", JSONDoc, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by_id", Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
    Column("approved_at", UTCDateTime, nullable=True),
    Column("approved_by_id", Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
    Index("uq_bulletin_revision_bulletin_number", "bulletin_id", "number", unique=True),
)


def _values(statuses: frozenset[Status]) -> list[str]:
    return sorted(s.value for s in statuses)


def live(status: ColumnElement[str] | None = None) -> ColumnElement[bool]:
    """`Bulletin.is_live` in SQL: the bulletin reaches devices and citizens. `status`: the status
    column of an aliased bulletin table (the bulletin table's own by default)."""
    column = bulletin_table.c.status if status is None else status
    return column.in_(_values(LIVE))


def released(status: ColumnElement[str] | None = None) -> ColumnElement[bool]:
    """The bulletin was released (`hub.bulletins.model.RELEASED`): live, or expired or withdrawn since."""
    column = bulletin_table.c.status if status is None else status
    return column.in_(_values(RELEASED))


def map_tables() -> None:
    mapper_registry.map_imperatively(BulletinTarget, bulletin_target_table)
    mapper_registry.map_imperatively(BulletinVariant, bulletin_variant_table)
    mapper_registry.map_imperatively(Revision, bulletin_revision_table)
    mapper_registry.map_imperatively(
        Bulletin,
        bulletin_table,
        version_id_col=bulletin_table.c.version_id,
        properties={
            "targets": relationship(
                BulletinTarget, lazy="selectin", cascade="all, delete-orphan", order_by=bulletin_target_table.c.id
            ),
            "variant_rows": relationship(
                BulletinVariant, lazy="select", cascade="all, delete-orphan", order_by=bulletin_variant_table.c.id
            ),
            "revisions": relationship(
                Revision, lazy="select", cascade="all, delete-orphan", order_by=bulletin_revision_table.c.number
            ),
        },
    )

    @event.listens_for(Bulletin, "before_insert")
    @event.listens_for(Bulletin, "before_update")
    def _index_text(_mapper: object, _connection: object, bulletin: Bulletin) -> None:
        text = fold(f"{bulletin.title} {bulletin.summary} {bulletin.body}")
        bulletin.search_text = text  # type: ignore[attr-defined]  # a column mapped onto the class, not a model field
