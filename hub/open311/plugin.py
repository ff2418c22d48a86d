from hub.http.openapi import alternate_errors
from hub.open311.endpoints import router
from hub.open311.settings import Open311Settings
from hub.plugins import Registry

UPLOAD_LIMIT = 32 * 1024 * 1024  # a photo (`media`) may come with the request


def register(registry: Registry) -> None:
    registry.settings(Open311Settings)
    registry.router(router)
    # Open311 answers its errors as a list of {code, description}, in JSON or XML (GeoReport v2)
    alternate_errors(
        "/open311/",
        {
            "application/json": {
                "schema": {"type": "array", "items": {"type": "object", "required": ["code", "description"]}}
            },
            "application/xml": {"schema": {"type": "string"}},
            "text/xml": {"schema": {"type": "string"}},
        },
    )
    registry.body_limit("/open311/v2/requests", UPLOAD_LIMIT)
