from hub.accounts import tables
from hub.accounts.endpoints import router
from hub.plugins import Registry


def register(registry: Registry) -> None:
    registry.tables(tables.map_tables)
    registry.router(router)
