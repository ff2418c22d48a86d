"""How plugins add to the officials' web app and the citizen portal, without the web knowing them.

A plugin's `register(registry)` calls the methods of `web_of(registry)`:

    registry.router(my_pages)                                  # pages made with hub.web.routing.page_router
    web_of(registry).templates(Path(__file__).parent / "templates")
    web_of(registry).nav(NavEntry("Thiết bị", "/quan-tri/thiet-bi", Permission.READ, order=40))
    web_of(registry).card(DashboardCard("devices", "Thiết bị", "devices/card.html", load_devices, order=SLOT_DEVICES))
    web_of(registry).emergency_impact(devices_interrupted)
    web_of(registry).bulletin_panel(BulletinPanel("preview", "Nghe thử", "voice/preview.html", load_preview))
    web_of(registry).portal_link(PortalLink("Gửi phản ánh", "/phan-anh?xa={area_code}", order=10))
    web_of(registry).portal_media(audio_of_bulletin)
    web_of(registry).portal_snippet("chat/widget.html")

The registry (`hub.plugins`) does not import the web kit: it keeps one `WebExtensions` among its
`extensions`, which `web_of` makes on first use. Stay light anyway: no framework, no database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hub.accounts.model import Permission

if TYPE_CHECKING:
    from hub.accounts.model import Principal
    from hub.areas.model import Area
    from hub.bulletins.model import Bulletin
    from hub.db.uow import UnitOfWork
    from hub.plugins import Registry

# Where the dashboard's cards stand (lower first). Later issues fill the gaps they were left for.
SLOT_EMERGENCY = 10  # active emergencies
SLOT_PROGRAMME = 20  # today's programme (the programme calendar)
SLOT_AWAITING = 30  # bulletins awaiting approval
SLOT_ON_AIR = 40  # bulletins on air now
SLOT_DEVICES = 50  # loudspeakers and e-boards online/offline
SLOT_CASES = 60  # feedback cases due and overdue
SLOT_RECENT = 70  # recently changed bulletins


@dataclass(frozen=True)
class NavEntry:
    """A link in the officials' menu, shown to those who hold `permission` somewhere (None: everyone
    signed in). `key` marks the entry as current when a page passes the same `nav` key."""

    label: str
    href: str
    permission: Permission | None = Permission.READ
    order: int = 100
    key: str = ""


@dataclass(frozen=True)
class CardContext:
    """What a dashboard card is loaded for: the official, the area chosen, the moment."""

    uow: UnitOfWork
    principal: Principal
    area: Area
    now: datetime


@dataclass(frozen=True)
class DashboardCard:
    """A card of the dashboard. `load` returns the data the template shows as `data`, or None to hide
    the card. The template gets `card`, `data`, `area` and `official`."""

    key: str
    title: str
    template: str
    load: Callable[[CardContext], Any]
    permission: Permission = Permission.READ
    order: int = 100


@dataclass(frozen=True)
class ImpactSection:
    """One part of the emergency confirmation: e.g. "Thiết bị sẽ bị ngắt" and the devices."""

    title: str
    items: list[str]
    note: str = ""


# (uow, principal, receiving areas) → a section, or None when there is nothing to say.
EmergencyImpact = Callable[["UnitOfWork", "Principal", "list[Area]"], ImpactSection | None]


@dataclass(frozen=True)
class PanelContext:
    uow: UnitOfWork
    principal: Principal
    bulletin: Bulletin


@dataclass(frozen=True)
class BulletinPanel:
    """A section of an official's bulletin page (speech preview, recordings, delivery …)."""

    key: str
    title: str
    template: str
    load: Callable[[PanelContext], Any]
    order: int = 100


@dataclass(frozen=True)
class PortalLink:
    """An action offered to citizens on a commune's page; `href` may contain `{area_code}`."""

    label: str
    href: str
    description: str = ""
    order: int = 100


@dataclass(frozen=True)
class Media:
    """Something a citizen can play for a bulletin ("Nghe"): an audio URL and its language."""

    url: str
    label: str
    mime_type: str = "audio/mpeg"


# (uow, bulletin) → what can be played, possibly nothing.
PortalMedia = Callable[["UnitOfWork", "Bulletin"], "list[Media]"]


@dataclass
class WebExtensions:
    nav_entries: list[NavEntry] = field(default_factory=list)
    cards: list[DashboardCard] = field(default_factory=list)
    template_dirs: list[Path] = field(default_factory=list)
    emergency_impacts: list[EmergencyImpact] = field(default_factory=list)
    bulletin_panels: list[BulletinPanel] = field(default_factory=list)
    portal_links: list[PortalLink] = field(default_factory=list)
    portal_media_sources: list[PortalMedia] = field(default_factory=list)
    portal_snippets: list[str] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)  # built lazily (the template environment)

    def nav(self, entry: NavEntry) -> None:
        self.nav_entries.append(entry)

    def card(self, card: DashboardCard) -> None:
        if any(c.key == card.key for c in self.cards):
            raise ValueError(f"dashboard card {card.key!r} registered twice")
        self.cards.append(card)

    def templates(self, directory: Path) -> None:
        """A folder of Jinja templates; name them under a folder of your own ("devices/list.html")."""
        self.template_dirs.append(Path(directory))

    def emergency_impact(self, provider: EmergencyImpact) -> None:
        self.emergency_impacts.append(provider)

    def bulletin_panel(self, panel: BulletinPanel) -> None:
        self.bulletin_panels.append(panel)

    def portal_link(self, link: PortalLink) -> None:
        self.portal_links.append(link)

    def portal_media(self, source: PortalMedia) -> None:
        self.portal_media_sources.append(source)

    def portal_snippet(self, template: str) -> None:
        """A template included at the end of every portal page (the web chat widget)."""
        self.portal_snippets.append(template)


def web_of(registry: Registry) -> WebExtensions:
    """What the plugins of `registry` added to the web app and the portal."""
    return registry.extension(WebExtensions)
