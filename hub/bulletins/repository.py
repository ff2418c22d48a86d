"""SQL for bulletins: load and save the aggregate, and the listing filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, column, exists, false, func, literal_column, or_, select, table, true
from sqlalchemy.orm import Session, defer, selectinload

from hub.accounts.access import Reach
from hub.areas.model import subtree_range
from hub.areas.tables import area_table
from hub.bulletins.categories import Category
from hub.bulletins.model import LIVE, Bulletin, Priority, Status
from hub.bulletins.tables import bulletin_table, bulletin_target_table, live
from hub.db.mapping import mapped
from hub.kit.text import fold

b = bulletin_table.c
t = bulletin_target_table.c

# SQLite's FTS5 index of `bulletin.search_text` (migration 0017_search; kept by triggers). Not in the
# metadata: it is SQLite's alone, and the ORM never writes it.
bulletin_fts = table("bulletin_fts", column("rowid"), column("search_text"))
SEARCHED_WORDS = 12  # at most this many of a question's words select candidates

# Bulletins that were on air stay readable by the areas they reached.
REACHED = [s.value for s in (*LIVE, Status.EXPIRED)]


# Which bulletins a principal may read: `hub.accounts.access.areas_for(principal, READ)`. A bulletin
# created in, or sent to, an area inside a subtree is visible in any state; one sent to an area above
# them (a province-wide one) reached the principal's area and is visible once approved.
Visibility = Reach


@dataclass(frozen=True)
class Listed:
    """A bulletin as a list shows it."""

    id: int
    title: str
    summary: str
    category: Category
    priority: Priority
    status: Status
    status_reason: str
    revision: int
    valid_from: datetime
    valid_until: datetime | None
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    target_codes: list[str]


@dataclass(frozen=True)
class BulletinFilter:
    area_path: str | None = None  # targets inside this subtree
    reaching_paths: tuple[str, ...] = ()  # targets that are these exact areas (an area and its ancestors)
    reaching_subtree: str | None = None  # … or inside this subtree
    statuses: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    text: str = ""
    any_words: tuple[str, ...] = ()  # folded: at least one of these whole words (or phrases)
    live_at: datetime | None = None  # valid at this instant
    created_from: datetime | None = None
    created_to: datetime | None = None
    visibility: Visibility = field(default_factory=lambda: Visibility(everything=True))


class BulletinRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _conditions(self, flt: BulletinFilter) -> list[ColumnElement[bool]]:
        return _conditions(flt, self._session.get_bind().dialect.name)

    def add(self, bulletin: Bulletin) -> None:
        self._session.add(bulletin)

    def get(self, bulletin_id: int, *, for_update: bool = False) -> Bulletin | None:
        query = (
            select(Bulletin)
            .where(b.id == bulletin_id)
            .options(selectinload(mapped(Bulletin, "revisions")), selectinload(mapped(Bulletin, "variant_rows")))
        )
        if for_update:
            query = query.with_for_update()
        return self._session.scalars(query).one_or_none()

    def summaries(
        self, flt: BulletinFilter, *, limit: int, offset: int, newest: str = "created"
    ) -> tuple[list[Listed], int]:
        """The listing as plain rows (no ORM objects): the hot path of every inbox and dashboard.
        `newest`: "created" lists the newest bulletins first, "updated" the most recently changed."""
        where = self._conditions(flt)
        total = self._session.execute(select(func.count()).select_from(bulletin_table).where(*where)).scalar_one()
        columns = [getattr(b, name) for name in Listed.__dataclass_fields__ if name != "target_codes"]
        rows = self._session.execute(
            select(*columns).where(*where).order_by(_ORDER[newest].desc(), b.id.desc()).limit(limit).offset(offset)
        ).all()
        codes: dict[int, list[str]] = {row.id: [] for row in rows}
        if codes:
            query = select(t.bulletin_id, t.area_code).where(t.bulletin_id.in_(list(codes))).order_by(t.id)
            for bulletin_id, code in self._session.execute(query):
                codes[bulletin_id].append(code)
        return [Listed(**row._mapping, target_codes=codes[row.id]) for row in rows], total

    def list(
        self, flt: BulletinFilter, *, limit: int, offset: int, count: bool = True
    ) -> tuple[Sequence[Bulletin], int]:
        """Bulletins and how many match (-1 when not `count`ed: a device or a citizen needs no total)."""
        where = self._conditions(flt)
        total = -1
        if count:
            total = self._session.execute(select(func.count()).select_from(bulletin_table).where(*where)).scalar_one()
        query = (
            select(Bulletin)
            .where(*where)
            .options(defer(mapped(Bulletin, "body")), defer(mapped(Bulletin, "search_text")))
            .order_by(b.created_at.desc(), b.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return self._session.scalars(query).all(), total

    def searchable(self, flt: BulletinFilter, *, limit: int) -> Sequence[tuple[Bulletin, str]]:
        """Bulletins with their folded search text, newest first (for ranking by `hub.bulletins.search`).
        With `flt.any_words`, the candidates come through the full-text index (`_matching`)."""
        query = (
            select(Bulletin, b.search_text)
            .where(*self._conditions(flt))
            .options(defer(mapped(Bulletin, "body")))
            .order_by(b.created_at.desc(), b.id.desc())
            .limit(limit)
        )
        return [(bulletin, text or "") for bulletin, text in self._session.execute(query).all()]

    def due_for_publication(self, now: datetime, limit: int = 200) -> Sequence[Bulletin]:
        query = select(Bulletin).where(
            b.status == Status.APPROVED.value, or_(b.valid_from <= now, b.priority == "emergency")
        )
        return self._session.scalars(query.order_by(b.valid_from).limit(limit)).all()

    def due_for_expiry(self, now: datetime, limit: int = 200) -> Sequence[Bulletin]:
        query = select(Bulletin).where(live(), b.valid_until.is_not(None), b.valid_until <= now)
        return self._session.scalars(query.order_by(b.valid_until).limit(limit)).all()

    def count_by_status(self) -> dict[str, int]:
        rows = self._session.execute(select(b.status, func.count()).group_by(b.status)).all()
        return {status: n for status, n in rows}


_ORDER = {"created": b.created_at, "updated": b.updated_at}


def _target_in(low: str, high: str) -> ColumnElement[bool]:
    # Driven from the target index: an area's few bulletins are found without scanning the others.
    return b.id.in_(select(t.bulletin_id).where(t.area_path >= low, t.area_path < high))


def _conditions(flt: BulletinFilter, dialect: str) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [_visible(flt.visibility)]
    if flt.area_path:
        where.append(_target_in(*subtree_range(flt.area_path)))
    if flt.reaching_paths or flt.reaching_subtree:
        reach: list[ColumnElement[bool]] = []
        if flt.reaching_paths:
            reach.append(exists().where(t.bulletin_id == b.id, t.area_path.in_(flt.reaching_paths)))
        if flt.reaching_subtree:
            reach.append(_target_in(*subtree_range(flt.reaching_subtree)))
        where.append(or_(*reach))
    if flt.statuses:
        where.append(b.status.in_(flt.statuses))
    if flt.categories:
        where.append(b.category.in_(flt.categories))
    if flt.priorities:
        where.append(b.priority.in_(flt.priorities))
    if flt.text:
        folded = fold(flt.text)
        for word in folded.split()[:8]:
            where.append(b.search_text.like(f"%{_escaped(word)}%", escape="\\"))
    if flt.any_words:
        where.append(_matching(flt.any_words[:SEARCHED_WORDS], dialect))
    if flt.live_at is not None:
        where.append(b.valid_from <= flt.live_at)
        where.append(or_(b.valid_until.is_(None), b.valid_until > flt.live_at))
    if flt.created_from is not None:
        where.append(b.created_at >= flt.created_from)
    if flt.created_to is not None:
        where.append(b.created_at < flt.created_to)
    return where


def _matching(words: Sequence[str], dialect: str) -> ColumnElement[bool]:
    """Bulletins whose folded text holds at least one of `words` (folded words or phrases) whole,
    through the full-text index of migration 0017_search: a word inside another ("xe" in "xem") is
    not a match. The words are bound parameters, never query syntax."""
    if dialect == "postgresql":
        # The stored `to_tsvector('simple', search_text)` (not in the metadata: PostgreSQL's alone,
        # generated by the database) and its GIN index; each word or phrase a tsquery.
        vector: ColumnElement[Any] = literal_column("bulletin.search_vector")
        queries = [func.phraseto_tsquery(literal_column("'simple'::regconfig"), word) for word in words]
        query: ColumnElement[Any] = queries[0]
        for more in queries[1:]:
            query = query.op("||")(more)
        return vector.bool_op("@@")(query)
    if dialect == "sqlite":
        # An FTS5 query of quoted strings (phrases), OR-ed: quotes inside are doubled.
        fts_query = " OR ".join('"' + word.replace('"', '""') + '"' for word in words)
        matched = select(bulletin_fts.c.rowid).where(literal_column("bulletin_fts").bool_op("MATCH")(fts_query))
        return b.id.in_(matched)
    raise ValueError(f"no full-text search for the {dialect} database")


def _escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _visible(visibility: Visibility) -> ColumnElement[bool]:
    if visibility.everything:
        return true()
    if not visibility.subtrees:
        return false()
    parts: list[ColumnElement[bool]] = []
    for path in visibility.subtrees:
        low, high = subtree_range(path)
        parts.append(_target_in(low, high))
        creating = select(area_table.c.id).where(area_table.c.path >= low, area_table.c.path < high)
        parts.append(b.creating_area_id.in_(creating))
    if visibility.ancestors:
        parts.append(
            and_(
                b.status.in_(REACHED),
                exists().where(t.bulletin_id == b.id, t.area_path.in_(visibility.ancestors)),
            )
        )
    return or_(*parts)
