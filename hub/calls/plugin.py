from pathlib import Path

from hub.accounts.model import Permission
from hub.calls import pages, tables
from hub.calls.endpoints import router
from hub.plugins import Registry
from hub.web.extensions import NavEntry, web_of


def register(registry: Registry) -> None:
    registry.tables(tables.map_tables)
    registry.router(router)
    registry.router(pages.router)
    web_of(registry).templates(Path(__file__).parent / "templates")
    web_of(registry).nav(NavEntry("Tổng đài", "/quan-tri/tong-dai", Permission.READ, order=50, key="calls"))
