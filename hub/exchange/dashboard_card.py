"""The dashboard card of the reports waiting to go upward (operators of devices, admins)."""

from __future__ import annotations

from hub.exchange import upstream
from hub.exchange.repository import ExchangeRepository
from hub.web.extensions import CardContext


def load(ctx: CardContext) -> upstream.Backlog | None:
    """Shown once something was collected for the upstream; hidden on hubs that report nowhere."""
    repo = ExchangeRepository(ctx.uow.session)
    if repo.state(upstream.STATE) is None:
        return None
    found = upstream.backlog(ctx.uow, None)
    return found if found.waiting or found.sent or found.failures else None
