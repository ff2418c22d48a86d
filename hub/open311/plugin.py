from hub.open311.endpoints import router
from hub.plugins import Registry

UPLOAD_LIMIT = 32 * 1024 * 1024  # a photo (`media`) may come with the request


def register(registry: Registry) -> None:
    registry.router(router)
    registry.body_limit("/open311/v2/requests", UPLOAD_LIMIT)
