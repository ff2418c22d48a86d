from pathlib import Path

from hub.accounts.model import Permission
from hub.broadcasts import changes, pages, tables
from hub.broadcasts import dashboard_card as cards
from hub.broadcasts.endpoints import router
from hub.plugins import Registry
from hub.web.extensions import NavEntry


def register(registry: Registry) -> None:
    registry.tables(tables.map_tables)
    registry.tables(changes.watch)
    registry.router(router)
    # The officials' week calendar and operating rules.
    registry.router(pages.router)
    registry.web.templates(Path(__file__).parent / "templates")
    registry.web.nav(NavEntry("Lịch phát", pages.PATH, Permission.READ, order=30, key="programme"))
    registry.web.card(cards.CARD)
