"""The dashboard's devices card: how many loudspeakers and e-boards of the area answer, and which
do not — the first thing an operator checks in the morning."""

from __future__ import annotations

from dataclasses import dataclass

from hub.devices import service
from hub.devices.model import Device
from hub.web.extensions import SLOT_DEVICES, CardContext, DashboardCard

SHOWN = 5


@dataclass(frozen=True)
class DevicesCard:
    counts: dict[str, int]
    offline: list[Device]

    @property
    def total(self) -> int:
        return sum(n for state, n in self.counts.items() if state != "revoked")


def load(ctx: CardContext) -> DevicesCard | None:
    page = service.browse(ctx.uow, ctx.principal, area_code=ctx.area.code, activity="offline", limit=SHOWN)
    card = DevicesCard(page.counts, page.devices)
    return card if card.total else None  # an area without devices has nothing to show


CARD = DashboardCard("devices", "Thiết bị", "devices/card.html", load, order=SLOT_DEVICES)
