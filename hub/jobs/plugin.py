from hub.jobs import tables
from hub.jobs.endpoints import router
from hub.plugins import Registry


def register(registry: Registry) -> None:
    registry.audit_labels(
        {"job.retry": "chạy lại tác vụ"},
    )
    registry.tables(tables.map_tables)
    registry.router(router)
