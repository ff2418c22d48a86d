from hub.contacts import tables
from hub.plugins import Registry


def register(registry: Registry) -> None:
    registry.audit_labels(
        {},
        {"contact": "Người dân"},
    )
    registry.tables(tables.map_tables)
