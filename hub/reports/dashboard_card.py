"""The dashboard card: the current reporting period and one-click downloads of the area's report."""

from __future__ import annotations

from dataclasses import dataclass

from hub.reports.model import Period
from hub.web.extensions import CardContext


@dataclass(frozen=True)
class ReportCard:
    year: int
    period: str
    area_code: str
    days_left: int


def load(ctx: CardContext) -> ReportCard:
    year = Period.year_of(ctx.now)
    period = Period.annual(year)
    left = (period.end - ctx.now).days
    return ReportCard(year, period.label(), ctx.area.code, left)
