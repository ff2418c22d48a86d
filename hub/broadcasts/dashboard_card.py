"""The dashboard's card of today's programme: what the commune's loudspeakers play from now until
midnight (Vietnam time), what will not play as planned, and the approved normal bulletins that have
no schedule ("chưa có lịch phát": a normal bulletin plays only when scheduled)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from hub.areas.model import AreaLevel
from hub.broadcasts import service
from hub.broadcasts.placement import Conflict, Slot, real
from hub.broadcasts.repository import Reaching
from hub.kit.time import local
from hub.web.extensions import SLOT_PROGRAMME, CardContext, DashboardCard

SHOWN = 6


@dataclass(frozen=True)
class TodayCard:
    commune_code: str
    slots: list[Slot]
    conflicts: list[Conflict]  # real ones (`placement.real`)
    unscheduled: list[Reaching]  # approved normal bulletins with no schedule: "chưa có lịch phát"


def _hours_left_today(now: datetime) -> float:
    here = local(now)
    midnight = datetime.combine(here.date() + timedelta(days=1), time(0), tzinfo=here.tzinfo)
    return (midnight - here).total_seconds() / 3600


def load(ctx: CardContext) -> TodayCard | None:
    """Shown for a commune or a village; the province's dashboard has the calendar link instead."""
    if ctx.area.level == AreaLevel.PROVINCE:
        return None
    found = service.preview(ctx.uow, ctx.principal, ctx.area.code, ctx.now, hours=_hours_left_today(ctx.now))
    waiting = service.unscheduled(ctx.uow, ctx.principal, found.commune.code, ctx.now)
    return TodayCard(found.commune.code, found.plan.slots, real(found.plan.conflicts), waiting)


CARD = DashboardCard("programme", "Chương trình phát hôm nay", "programme/card.html", load, order=SLOT_PROGRAMME)
