from hub.calls import tables
from hub.calls.endpoints import router
from hub.plugins import Registry


def register(registry: Registry) -> None:
    registry.tables(tables.map_tables)
    registry.router(router)
