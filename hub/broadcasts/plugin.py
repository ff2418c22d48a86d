from hub.broadcasts import changes, tables
from hub.broadcasts.endpoints import router
from hub.plugins import Registry


def register(registry: Registry) -> None:
    registry.tables(tables.map_tables)
    registry.tables(changes.watch)
    registry.router(router)
