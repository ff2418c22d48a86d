"""SQL for feedback cases: the aggregate, listings, the code sequence, the duplicate index, routes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, exists, func, insert, or_, select, true
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from hub.areas.model import subtree_range
from hub.contacts.tables import contact_table
from hub.db.mapping import mapped
from hub.feedback.model import ACTIVE, FINISHED, UNANSWERED, Attachment, Case, Route
from hub.feedback.tables import (
    attachment_table,
    case_event_table,
    case_table,
    route_table,
    sequence_table,
    term_table,
)
from hub.feedback.text import normalise

c = case_table.c
t = term_table.c
r = route_table.c
a = attachment_table.c

# Statements of the intake path, built once (parameters go apart; SQLAlchemy caches their SQL).
INSERT_CASE = insert(case_table).returning(c.id)
INSERT_EVENT = insert(case_event_table)
INSERT_ATTACHMENT = insert(attachment_table)
INSERT_TERM = insert(term_table)
CASE_COLUMNS = [col.name for col in case_table.columns if col.name != "id"]
EVENT_COLUMNS = [col.name for col in case_event_table.columns if col.name not in ("id", "case_id")]
ATTACHMENT_COLUMNS = [col.name for col in attachment_table.columns if col.name not in ("id", "case_id")]

UNANSWERED_VALUES = [s.value for s in UNANSWERED]
ACTIVE_VALUES = [s.value for s in ACTIVE]


@dataclass(frozen=True)
class CaseFilter:
    visible: tuple[str, ...] = ()  # area paths the reader may see (a case's area or unit inside one)
    everything: bool = False
    area_path: str | None = None  # the case's area inside this subtree
    statuses: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    classifications: tuple[str, ...] = ()
    overdue_at: datetime | None = None  # unanswered past their deadline at this instant
    due_between: tuple[datetime, datetime] | None = None  # unanswered, deadline in [from, to)
    assignee_id: int | None = None
    text: str = ""
    received_from: datetime | None = None
    received_to: datetime | None = None


@dataclass(frozen=True)
class Listed:
    """A case as a list shows it (plain columns, no ORM objects)."""

    id: int
    code: str
    channel: str
    contact_id: int | None
    text: str
    category: str
    classification: str
    status: str
    area_id: int
    unit_area_id: int
    unit_name: str
    assignee_id: int | None
    received_at: datetime
    due_at: datetime
    updated_at: datetime
    answered_at: datetime | None
    reporters: int
    overdue_at: datetime | None
    escalated_at: datetime | None


@dataclass(frozen=True)
class Candidate:
    id: int
    code: str
    status: str
    text: str
    search_text: str
    reporters: int
    received_at: datetime
    area_id: int


class CaseRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- the aggregate -------------------------------------------------------------------------

    def add(self, case: Case) -> None:
        self._session.add(case)

    def insert_new(self, case: Case) -> int:
        """Write a new case and its first timeline lines in two statements, outside the ORM's unit
        of work (intake is the hot path). The object stays detached; load the case to change it."""
        case.id = self._session.execute(INSERT_CASE, {n: getattr(case, n) for n in CASE_COLUMNS}).scalar_one()
        events = [{"case_id": case.id, **{n: getattr(e, n) for n in EVENT_COLUMNS}} for e in case.events]
        if events:
            self._session.execute(INSERT_EVENT, events)
        if case.attachments:
            attached = [
                {"case_id": case.id, **{n: getattr(a, n) for n in ATTACHMENT_COLUMNS}} for a in case.attachments
            ]
            self._session.execute(INSERT_ATTACHMENT, attached)
        return case.id

    def get(self, case_id: int, *, for_update: bool = False) -> Case | None:
        query = select(Case).where(c.id == case_id)
        return self._one(query, for_update)

    def get_by_code(self, code: str, *, for_update: bool = False) -> Case | None:
        return self._one(select(Case).where(c.code == code), for_update)

    def get_by_access_key(self, key: str) -> Case | None:
        return self._session.scalars(select(Case).where(c.access_key == key)).one_or_none()

    def _one(self, query, for_update: bool) -> Case | None:
        query = query.options(selectinload(mapped(Case, "events")), selectinload(mapped(Case, "attachments")))
        if for_update:
            query = query.with_for_update()
        return self._session.scalars(query).one_or_none()

    def get_attachment(self, attachment_id: int) -> Attachment | None:
        return self._session.get(Attachment, attachment_id)

    def merged_into(self, case_id: int) -> Sequence[Case]:
        return self._session.scalars(select(Case).where(c.merged_into_id == case_id).order_by(c.id)).all()

    def by_contact(self, contact_ids: Iterable[int]) -> Sequence[Case]:
        ids = list(contact_ids)
        if not ids:
            return []
        query = select(Case).where(c.contact_id.in_(ids)).options(selectinload(mapped(Case, "events")))
        return self._session.scalars(query.order_by(c.id)).all()

    # -- intake --------------------------------------------------------------------------------

    def allocate(self, year: int) -> int:
        """The next number of `year`, under a row lock held to the end of the transaction: two
        intakes never get the same number, and a rolled-back intake leaves no gap."""
        dialect = self._session.get_bind().dialect.name
        maker = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = maker(sequence_table).values(year=year, last=1)
        upsert = statement.on_conflict_do_update(
            index_elements=[sequence_table.c.year], set_={"last": sequence_table.c.last + 1}
        ).returning(sequence_table.c.last)
        return int(self._session.execute(upsert).scalar_one())

    def recent_from_contact(self, contact_id: int, since: datetime) -> Sequence[tuple[int, str, str, str | None]]:
        """(id, code, text hash, client ref) of the contact's cases since `since`, newest first."""
        query = (
            select(c.id, c.code, c.text_hash, c.client_ref)
            .where(c.contact_id == contact_id, c.received_at >= since)
            .order_by(c.id.desc())
        )
        return [tuple(row) for row in self._session.execute(query)]

    def latest_code_from(self, contact_id: int) -> str | None:
        """The code of the contact's most recent case (a citizen asking "what became of it?")."""
        query = select(c.code).where(c.contact_id == contact_id).order_by(c.id.desc()).limit(1)
        return self._session.execute(query).scalar_one_or_none()

    def count_from_source(self, source: str, since: datetime) -> int:
        query = select(func.count()).where(c.intake_source == source, c.received_at >= since)
        return int(self._session.execute(query).scalar_one())

    # -- the duplicate index -------------------------------------------------------------------

    def index_terms(self, case_id: int, scope_area_id: int, terms: Sequence[int]) -> None:
        if terms:
            rows = [{"scope_area_id": scope_area_id, "term": term, "case_id": case_id} for term in terms]
            self._session.execute(INSERT_TERM, rows)

    def unindex(self, case_id: int) -> None:
        self._session.execute(delete(term_table).where(t.case_id == case_id))

    def candidates(self, scope_area_id: int, terms: Sequence[int], *, exclude: int | None, limit: int) -> list[int]:
        """Active cases of the scope sharing the most content words with `terms`, best first."""
        if not terms:
            return []
        hits = func.count().label("hits")
        query = select(t.case_id, hits).where(t.scope_area_id == scope_area_id, t.term.in_(list(terms)))
        if exclude is not None:
            query = query.where(t.case_id != exclude)
        query = query.group_by(t.case_id).order_by(hits.desc(), t.case_id.desc()).limit(limit)
        return [row.case_id for row in self._session.execute(query)]

    def candidate_rows(self, ids: Sequence[int]) -> list[Candidate]:
        if not ids:
            return []
        columns = [getattr(c, name) for name in Candidate.__dataclass_fields__]
        rows = self._session.execute(select(*columns).where(c.id.in_(list(ids)), c.status.in_(ACTIVE_VALUES)))
        return [Candidate(**row._mapping) for row in rows]

    # -- listings ------------------------------------------------------------------------------

    def summaries(
        self, flt: CaseFilter, *, limit: int, offset: int, count_upto: int | None = None, by_due: bool = False
    ) -> tuple[list[Listed], int]:
        """A page of cases (newest first, or the earliest deadline first) and how many match; with
        `count_upto`, counting stops there (a card that says "100+" need not count 80,000 overdue
        cases of a province)."""
        where = _conditions(flt)
        columns = [getattr(c, name) for name in Listed.__dataclass_fields__]
        order = (c.due_at, c.id) if by_due else (c.received_at.desc(), c.id.desc())
        if not flt.everything and _reads_rows(flt) and count_upto is None:
            # An area's cases are gathered from three path indexes and sorted anyway, and these
            # filters read each row: count in the same pass (one scan instead of two). Otherwise the
            # count comes from the indexes alone, and the province's newest from the date index.
            total_column = func.count().over().label("total_matching")
            query = select(*columns, total_column).where(*where).order_by(*order).limit(limit).offset(offset)
            found = list(self._session.execute(query))
            if found or offset == 0:
                total = found[0].total_matching if found else 0
                return [Listed(**{n: getattr(r, n) for n in Listed.__dataclass_fields__}) for r in found], int(total)
        if count_upto is None:
            counted = select(func.count()).select_from(case_table).where(*where)
        else:
            capped = select(c.id).where(*where).limit(count_upto).subquery()
            counted = select(func.count()).select_from(capped)
        total = self._session.execute(counted).scalar_one()
        query = select(*columns).where(*where).order_by(*order).limit(limit).offset(offset)
        return [Listed(**row._mapping) for row in self._session.execute(query)], int(total)

    def due_for_reminder(self, now: datetime, horizon: datetime, limit: int = 500) -> Sequence[Case]:
        query = select(Case).where(
            c.status.in_(UNANSWERED_VALUES), c.due_at > now, c.due_at <= horizon, c.reminded_at.is_(None)
        )
        return self._session.scalars(query.order_by(c.due_at).limit(limit)).all()

    def overdue_not_escalated(self, now: datetime, limit: int = 500) -> Sequence[Case]:
        query = select(Case).where(c.status.in_(UNANSWERED_VALUES), c.due_at < now, c.escalated_at.is_(None))
        return self._session.scalars(query.order_by(c.due_at).limit(limit)).all()

    def finished_before(self, cutoff: datetime, limit: int = 500) -> Sequence[Case]:
        """Finished cases whose recordings, photos and places may be erased (retention)."""
        query = (
            select(Case)
            .where(
                c.status.in_([s.value for s in FINISHED]),
                c.closed_at < cutoff,
                or_(
                    c.audio_ref.is_not(None),
                    c.lat.is_not(None),
                    c.address != "",
                    exists().where(a.case_id == c.id, a.removed_at.is_(None)),
                ),
            )
            .options(selectinload(mapped(Case, "attachments")))
        )
        return self._session.scalars(query.order_by(c.id).limit(limit)).all()

    def stale_contacts(self, before: datetime, limit: int = 500) -> list[int]:
        """Contacts not heard from since `before`, not yet anonymised, with no case still open."""
        busy = exists().where(c.contact_id == contact_table.c.id, c.status.in_(ACTIVE_VALUES))
        query = (
            select(contact_table.c.id)
            .where(contact_table.c.last_seen_at < before, contact_table.c.anonymised_at.is_(None), ~busy)
            .order_by(contact_table.c.id)
            .limit(limit)
        )
        return list(self._session.execute(query).scalars())

    def attachment_in_use(self, ref: str) -> bool:
        query = select(a.id).where(a.ref == ref, a.removed_at.is_(None)).limit(1)
        return self._session.execute(query).first() is not None

    # -- routes --------------------------------------------------------------------------------

    def add_route(self, route: Route) -> None:
        self._session.add(route)

    def get_route(self, route_id: int) -> Route | None:
        return self._session.get(Route, route_id)

    def delete_route(self, route: Route) -> None:
        self._session.delete(route)

    def routes_for(self, area_paths: Sequence[str], category: str) -> Sequence[Route]:
        """Rules on the area or one of its ancestors, for the category or for any."""
        query = select(Route).where(
            r.area_path.in_(list(area_paths)), or_(r.category == category, r.category.is_(None))
        )
        return self._session.scalars(query).all()

    def routes(self, within: str | None = None) -> Sequence[Route]:
        query = select(Route)
        if within:
            low, high = subtree_range(within)
            query = query.where(r.area_path >= low, r.area_path < high)
        return self._session.scalars(query.order_by(r.area_path, r.category)).all()


def _reads_rows(flt: CaseFilter) -> bool:
    """Whether the filter needs more than the area paths (which the indexes hold)."""
    return bool(
        flt.statuses
        or flt.categories
        or flt.classifications
        or flt.overdue_at
        or flt.due_between
        or flt.assignee_id
        or flt.text
        or flt.received_from
        or flt.received_to
    )


def _range(column, path: str) -> ColumnElement[bool]:
    low, high = subtree_range(path)
    return and_(column >= low, column < high)


def _conditions(flt: CaseFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if not flt.everything:
        if not flt.visible:
            where.append(c.id < 0)
        else:
            columns = (c.area_path, c.unit_path, c.origin_path)
            where.append(or_(*[_range(col, p) for p in flt.visible for col in columns]))
    else:
        where.append(true())
    if flt.area_path:
        where.append(_range(c.area_path, flt.area_path))
    if flt.statuses:
        where.append(c.status.in_(flt.statuses))
    if flt.categories:
        where.append(c.category.in_(flt.categories))
    if flt.classifications:
        where.append(c.classification.in_(flt.classifications))
    if flt.overdue_at is not None:
        where.append(and_(c.status.in_(UNANSWERED_VALUES), c.due_at < flt.overdue_at))
    if flt.due_between is not None:
        low, high = flt.due_between
        where.append(and_(c.status.in_(UNANSWERED_VALUES), c.due_at >= low, c.due_at < high))
    if flt.assignee_id is not None:
        where.append(c.assignee_id == flt.assignee_id)
    if flt.text:
        for word in normalise(flt.text).split()[:8]:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(c.search_text.like(f"%{escaped}%", escape="\\"))
    if flt.received_from is not None:
        where.append(c.received_at >= flt.received_from)
    if flt.received_to is not None:
        where.append(c.received_at < flt.received_to)
    return where
