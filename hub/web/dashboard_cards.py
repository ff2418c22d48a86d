"""The dashboard cards the web app brings itself; later issues add theirs the same way."""

from __future__ import annotations

from hub.bulletins import service as bulletins
from hub.bulletins.model import Bulletin
from hub.bulletins.service import Page
from hub.web.extensions import SLOT_AWAITING, SLOT_EMERGENCY, SLOT_ON_AIR, SLOT_RECENT, CardContext, DashboardCard

ON_AIR_SHOWN = 6


def emergencies(ctx: CardContext) -> list[Bulletin] | None:
    """Emergencies on air in the area, including those sent to the units above it."""
    found = bulletins.reaching(ctx.uow, ctx.area, at=ctx.now, priorities=("emergency",), limit=5)
    return found or None  # shown only while an emergency is on air


def awaiting(ctx: CardContext) -> Page:
    return bulletins.list_bulletins(ctx.uow, ctx.principal, area_code=ctx.area.code, statuses=("submitted",), limit=5)


def on_air(ctx: CardContext) -> list[Bulletin]:
    """What the area's loudspeakers, e-boards and citizens get now, including what was sent to the
    units above it (a province-wide bulletin plays in every commune)."""
    return bulletins.reaching(ctx.uow, ctx.area, at=ctx.now, limit=ON_AIR_SHOWN + 1)


def recent(ctx: CardContext) -> Page:
    return bulletins.list_bulletins(ctx.uow, ctx.principal, area_code=ctx.area.code, newest="updated", limit=6)


BUILTIN_CARDS = (
    DashboardCard(
        "emergencies", "Tin khẩn cấp đang phát", "web/cards/emergencies.html", emergencies, order=SLOT_EMERGENCY
    ),
    DashboardCard("awaiting", "Tin chờ duyệt", "web/cards/awaiting.html", awaiting, order=SLOT_AWAITING),
    DashboardCard("on_air", "Đang phát hành", "web/cards/on_air.html", on_air, order=SLOT_ON_AIR),
    DashboardCard("recent", "Thay đổi gần đây", "web/cards/recent.html", recent, order=SLOT_RECENT),
)
