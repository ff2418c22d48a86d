"""Use cases of the exchange with other systems: what its endpoints, its CLI and its jobs call.

The exchange holds several ideas, each in a module with its rules: the source systems and their sign-in
(`partners`), the source-system messages they send us (`sources`), CAP alerts read in (`alerts`) and
written out (`cap_export`), and the reports we send upward (`upstream`). This module is the domain's one
door, like `service.py` in every other domain: the entry points call what is named here, so a use case
has one implementation, and the checks of who may do it (`hub.accounts.access`) sit here rather than in
a route or a command. Nothing here commits, except the upward job, which sends after committing.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.accounts.access import require_anywhere
from hub.accounts.model import Permission, Principal
from hub.config import Settings
from hub.context import Hub
from hub.db.uow import UnitOfWork
from hub.exchange import upstream
from hub.exchange.alerts import Imported, import_alert, read_alert
from hub.exchange.partners import SignedIn, add_source, sign_in
from hub.exchange.repository import ExchangeRepository
from hub.exchange.settings import ExchangeSettings
from hub.exchange.sources import (
    cancel_bulletin,
    change_schedule,
    create_bulletin,
    register_cluster,
    set_area,
    set_volume,
)
from hub.exchange.upstream import Backlog

__all__ = [
    "Backlog",
    "Imported",
    "SignedIn",
    "SourceRow",
    "add_source",
    "cancel_bulletin",
    "change_schedule",
    "create_bulletin",
    "import_alert",
    "list_sources",
    "read_alert",
    "register_cluster",
    "report_upward",
    "set_area",
    "set_volume",
    "sign_in",
    "upstream_backlog",
]


@dataclass(frozen=True)
class SourceRow:
    """A registered source system as an admin reads it: its code, name, partner account and area."""

    code: str
    name: str
    username: str
    area_code: str


def list_sources(uow: UnitOfWork, principal: Principal) -> list[SourceRow]:
    """The source systems registered, for those who manage areas (the admins who register them)."""
    require_anywhere(principal, Permission.MANAGE_AREAS)
    rows = []
    for found in ExchangeRepository(uow.session).sources():
        user = uow.users.get(found.user_id)
        area = uow.areas.get(found.area_id)
        rows.append(SourceRow(found.code, found.name, user.username if user else "?", area.code if area else "?"))
    return rows


def upstream_backlog(uow: UnitOfWork, principal: Principal, settings: Settings) -> Backlog:
    """What waits to go upward: for the operators of devices (whose devices' logs and states it is)."""
    require_anywhere(principal, Permission.OPERATE_DEVICES)
    return upstream.backlog(uow, settings)


def report_upward(uow: UnitOfWork, hub: Hub) -> None:
    """Collect new play logs and device states into the outbox, commit them, then send what is due
    (the periodic job `exchange.upstream`; sending opens its own transactions)."""
    if not hub.settings.of(ExchangeSettings).upstream_url:
        return
    upstream.collect(uow, hub.settings)
    uow.commit()
    upstream.send(hub)
