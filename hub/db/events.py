"""Where an emitted domain event goes: the handlers the plugins registered for its class (or a class
above it), inside the transaction, as outbox jobs, and after commit with the hub.

The unit of work drives it (`UnitOfWork.commit`); nothing here touches SQLAlchemy's own events.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hub.kit.events import DomainEvent

if TYPE_CHECKING:
    from hub.context import Hub
    from hub.db.uow import UnitOfWork

log = logging.getLogger(__name__)

Table = Mapping[type[DomainEvent], Sequence[Any]]


def _for(table: Table, event: DomainEvent) -> list[Any]:
    return [handler for cls in type(event).__mro__ for handler in table.get(cls, ())]


class Dispatch:
    """The event routes of one process. `hub` is set once the hub is built (`hub.bootstrap`); until
    then (or in a database handle made without a hub) handlers after commit are skipped."""

    def __init__(
        self,
        jobs: Table | None = None,
        in_transaction: Table | None = None,
        after_commit: Table | None = None,
    ) -> None:
        self.jobs: Table = jobs or {}
        self.in_transaction: Table = in_transaction or {}
        self.after_commit: Table = after_commit or {}
        self.hub: Hub | None = None

    def job_kinds(self, event: DomainEvent) -> list[str]:
        return list(dict.fromkeys(_for(self.jobs, event)))

    def before_commit(self, uow: UnitOfWork, event: DomainEvent) -> None:
        handler: Callable[[UnitOfWork, DomainEvent], None]
        for handler in _for(self.in_transaction, event):
            handler(uow, event)

    def committed(self, events: Sequence[DomainEvent]) -> None:
        hub = self.hub
        if hub is None:
            return
        for event in events:
            handler: Callable[[Hub, DomainEvent], None]
            for handler in _for(self.after_commit, event):
                try:
                    handler(hub, event)
                except Exception:  # the change is committed: a failing follower must not undo the caller
                    log.exception("handler of %s failed after commit", type(event).__name__)
