"""The citizen portal joins the hub like any plugin."""

from hub.plugins import Registry
from hub.portal import pages, pwa


def register(registry: Registry) -> None:
    registry.router(pwa.router)
    registry.router(pages.router)
