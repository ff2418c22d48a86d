"""The trend of the plan's targets: each earlier year's ratios, read from that year's frozen figures
(`report_snapshot`), so a year is compared with what was reported then, not with today's recount."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.reports import snapshot
from hub.reports.model import TrendPoint
from hub.reports.tables import snapshot_table

YEARS = 5  # the plan's span


def previous_years(session: Session, area_id: int, year: int) -> list[TrendPoint]:
    """The targets reached in the frozen years before `year` (at most five), oldest first."""
    rows = session.execute(
        select(snapshot_table.c.year, snapshot_table.c.figures)
        .where(
            snapshot_table.c.area_id == area_id,
            snapshot_table.c.current,
            snapshot_table.c.year < year,
            snapshot_table.c.year >= year - YEARS,
        )
        .order_by(snapshot_table.c.year)
    ).all()
    return [TrendPoint(y, [(t.label, t.value) for t in snapshot.load(figures).targets]) for y, figures in rows]
