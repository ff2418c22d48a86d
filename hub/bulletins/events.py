"""What happens to a bulletin, as the services say it (one event per transition of its life).

Every event names the bulletin, its revision, priority and status after the change, and the area
paths it reaches (`area_paths`) or reached before an edit (`previous_paths`). `reaches_devices`
says whether devices may play it now or did until this change: the delivery version of those
areas is bumped from the event, in the same transaction (`hub.broadcasts.delivery`).
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.kit.events import DomainEvent


@dataclass(frozen=True)
class BulletinEvent(DomainEvent):
    bulletin_id: int
    revision: int
    priority: str
    status: str
    area_paths: tuple[str, ...] = ()
    previous_paths: tuple[str, ...] = ()
    reaches_devices: bool = False

    @property
    def urgent(self) -> bool:
        return self.priority == "emergency"


@dataclass(frozen=True)
class BulletinCreated(BulletinEvent):
    """A draft was written."""


@dataclass(frozen=True)
class BulletinEdited(BulletinEvent):
    """A draft (or a rejected bulletin) was changed in place."""


@dataclass(frozen=True)
class BulletinRevised(BulletinEvent):
    """An approved or published bulletin was changed: it goes back for approval."""


@dataclass(frozen=True)
class BulletinSubmitted(BulletinEvent):
    pass


@dataclass(frozen=True)
class BulletinApproved(BulletinEvent):
    pass


@dataclass(frozen=True)
class BulletinRejected(BulletinEvent):
    pass


@dataclass(frozen=True)
class BulletinPublished(BulletinEvent):
    pass


@dataclass(frozen=True)
class BulletinWithdrawn(BulletinEvent):
    pass


@dataclass(frozen=True)
class BulletinExpired(BulletinEvent):
    pass
