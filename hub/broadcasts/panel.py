"""The "Lịch phát" panel of a bulletin's page: where the bulletin plays, and (for those who may) the
form that schedules it, the "next window" button and the conflicts preview. Reads only through
`hub.broadcasts.service`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hub.accounts.model import Principal
from hub.areas.model import Area, AreaLevel
from hub.broadcasts import calendar, service
from hub.broadcasts.model import Recurrence, ScheduleItem
from hub.bulletins.model import Bulletin, Priority, Status
from hub.db.uow import UnitOfWork
from hub.kit.errors import InvalidInput, NotFound
from hub.kit.time import local, utcnow
from hub.web.extensions import BulletinPanel, PanelContext

CLOSED = (Status.REJECTED, Status.WITHDRAWN, Status.EXPIRED)
MAX_COMMUNES = 12
KINDS = {
    Recurrence.ONCE.value: "Một lần",
    Recurrence.DAILY.value: "Hằng ngày",
    Recurrence.WEEKLY.value: "Các thứ trong tuần",
}
WEEKDAY_NAMES = {str(i + 1): name for i, name in enumerate(calendar.WEEKDAYS)}


def defaults(today: date) -> dict[str, Any]:
    """The schedule form as it opens: once, today."""
    return {"kieu": "once", "gio": "", "ngay": today.isoformat(), "tu_ngay": today.isoformat(), "den_ngay": "",
            "thu": []}  # fmt: skip


@dataclass(frozen=True)
class CommuneSchedules:
    commune: Area
    schedules: list[ScheduleItem]
    next_window: str  # "17:00–17:30 hôm nay (03/12)", or "" when the commune has no window
    may_schedule: bool


@dataclass(frozen=True)
class ScheduleView:
    bulletin_id: int
    title: str
    priority: str
    status: str
    communes: list[CommuneSchedules]
    today: date

    @property
    def defaults(self) -> dict[str, Any]:
        return defaults(self.today)

    @property
    def kinds(self) -> list[tuple[str, str]]:
        return list(KINDS.items())

    @property
    def weekday_names(self) -> dict[str, str]:
        return WEEKDAY_NAMES

    @property
    def may_schedule(self) -> bool:
        return any(c.may_schedule for c in self.communes)

    @property
    def unscheduled(self) -> bool:
        """An approved normal bulletin that plays nowhere: "chưa có lịch phát"."""
        return (
            self.priority == Priority.NORMAL
            and self.status in (Status.APPROVED, Status.PUBLISHED)
            and not any(c.schedules for c in self.communes)
        )


def _communes(uow: UnitOfWork, official: Principal, bulletin: Bulletin) -> list[Area]:
    """The communes the bulletin plays in, as far as the official sees them: the commune of each target
    at commune or village level; the official's communes under a district or province target."""
    found: dict[str, Area] = {}
    mine: list[Area] | None = None
    for target in bulletin.targets:
        area = uow.areas.get(target.area_id)
        if area is None:
            continue
        if area.level in (AreaLevel.COMMUNE, AreaLevel.VILLAGE):
            try:
                commune = service.commune_of(uow, area)
            except InvalidInput:
                continue
            found.setdefault(commune.code, commune)
            continue
        mine = service.communes_for(uow, official) if mine is None else mine
        for commune in mine:
            if commune.path.startswith(area.path):
                found.setdefault(commune.code, commune)
    return sorted(found.values(), key=lambda a: a.name)[:MAX_COMMUNES]


def view_for(uow: UnitOfWork, official: Principal, bulletin_id: int, only: str | None = None) -> ScheduleView:
    from hub.bulletins import service as bulletins

    bulletin = bulletins.get(uow, official, bulletin_id)
    now = utcnow()
    communes = _communes(uow, official, bulletin)
    if only is not None:
        communes = [c for c in communes if c.code == only]
        if not communes:
            raise NotFound(f"Tin số {bulletin_id} không phát tại địa bàn mã {only[:20]}.", code="bulletin_not_for_area")
    shown = []
    for commune in communes:
        schedules = [x for x in service.repo(uow).schedules(commune.id) if x.bulletin_id == bulletin.id]
        window = service.next_window(uow, commune, now)
        shown.append(
            CommuneSchedules(
                commune,
                schedules,
                window.label(local(now).date()) if window else "",
                service.may_schedule(official, commune) and bulletin.status not in CLOSED,
            )
        )
    return ScheduleView(
        bulletin.id, bulletin.title, str(bulletin.priority), str(bulletin.status), shown, local(now).date()
    )


def load(ctx: PanelContext) -> ScheduleView | None:
    """Shown for bulletins that play on schedules (not emergencies, which play at once) and reach a
    commune the official sees."""
    if ctx.bulletin.priority == Priority.EMERGENCY:
        return None
    view = view_for(ctx.uow, ctx.principal, ctx.bulletin.id)
    if not view.communes:
        return None
    if not view.may_schedule and not any(c.schedules for c in view.communes):
        return None
    return view


PANEL = BulletinPanel("schedule", "Lịch phát", "programme/_panel.html", load, order=20)
