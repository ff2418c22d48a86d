"""All SQL of the call records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session

from hub.areas.model import subtree_range
from hub.calls.model import CallRecord
from hub.calls.tables import call_record_table as t


@dataclass(frozen=True)
class CallFilter:
    visible: tuple[str, ...] = ()  # area paths the reader may see
    everything: bool = False
    area_path: str | None = None
    started_from: datetime | None = None
    started_to: datetime | None = None
    results: tuple[str, ...] = ()


def _range(path: str) -> ColumnElement[bool]:
    low, high = subtree_range(path)
    return and_(t.c.area_path >= low, t.c.area_path < high)


def _conditions(flt: CallFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [true()]
    if not flt.everything:
        where.append(or_(*[_range(p) for p in flt.visible]) if flt.visible else t.c.id < 0)
    if flt.area_path:
        where.append(_range(flt.area_path))
    if flt.started_from:
        where.append(t.c.started_at >= flt.started_from)
    if flt.started_to:
        where.append(t.c.started_at < flt.started_to)
    if flt.results:
        where.append(t.c.result.in_(flt.results))
    return where


class CallRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, record: CallRecord) -> CallRecord:
        self.session.add(record)
        self.session.flush()
        return record

    def list(self, flt: CallFilter, *, limit: int, offset: int) -> tuple[Sequence[CallRecord], int]:
        where = _conditions(flt)
        total = self.session.execute(select(func.count()).select_from(t).where(*where)).scalar_one()
        rows = self.session.scalars(
            select(CallRecord).where(*where).order_by(t.c.started_at.desc(), t.c.id.desc()).limit(limit).offset(offset)
        ).all()
        return rows, int(total)

    def counts(self, flt: CallFilter) -> dict[str, tuple[int, int]]:
        """Per result: the number of calls and their seconds."""
        query = (
            select(t.c.result, func.count(), func.coalesce(func.sum(t.c.duration_seconds), 0))
            .where(*_conditions(flt))
            .group_by(t.c.result)
        )
        return {result: (int(n), int(seconds)) for result, n, seconds in self.session.execute(query)}
