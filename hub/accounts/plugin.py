from hub.accounts import oauth, tables
from hub.accounts.endpoints import router
from hub.plugins import Registry


def register(registry: Registry) -> None:
    registry.tables(tables.map_tables)
    registry.router(oauth.router)
    registry.router(router)
