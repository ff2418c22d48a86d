"""The ASGI application: `uvicorn --factory hub.app:create_app`, or `ttcs serve`.

One app mounts the routers of every plugin, so the embedded default is one process; in production
the same app runs in several processes behind a proxy, with `ttcs worker` processes beside it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse

from hub.bootstrap import build_hub
from hub.config import Settings, load_settings
from hub.context import Hub
from hub.http import openapi, problems
from hub.http.client import TrustedProxies
from hub.http.form_charset import Utf8Forms
from hub.http.guard import refuse_unstorable_text
from hub.http.limits import BodyLimit
from hub.http.metrics import Metrics, MetricsMiddleware, metrics_endpoint
from hub.jobs.worker import Worker

log = logging.getLogger(__name__)

DESCRIPTION = """
API của hệ thống thông tin cơ sở (TTCS). Đăng nhập tại `POST /api/v1/auth/token` để lấy mã truy cập.
Lỗi trả về dạng `application/problem+json` với `detail` tiếng Việt và `code` cho máy.
"""


def create_app(settings: Settings | None = None, *, hub: Hub | None = None) -> FastAPI:
    settings = settings or load_settings()
    hub = hub or build_hub(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker = None
        if settings.embedded_worker:
            worker = Worker(hub, name="embedded")
            worker.start_thread()
        try:
            async with AsyncExitStack() as stack:
                for factory in hub.registry.lifespans:
                    await stack.enter_async_context(factory(app, hub))
                yield
        finally:
            if worker is not None:
                worker.stop()
            hub.close()  # its services (chat clients …) and its database connections

    app = FastAPI(
        title="TTCS — Hệ thống thông tin cơ sở",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
        dependencies=[Depends(refuse_unstorable_text)],
    )
    app.state.hub = hub
    app.state.metrics = metrics = Metrics()
    problems.install(app)
    openapi.install(app)
    for router, prefix in hub.registry.routers:
        app.include_router(router, prefix=prefix)

    @app.get("/healthz", tags=["ops"], summary="Tình trạng hệ thống")
    def healthz() -> JSONResponse:
        try:
            with hub.database.uow(write=False) as uow:
                jobs = uow.jobs.counts()
        except Exception as exc:  # any failure to reach the database is "unavailable"
            log.warning("health check: database unavailable: %s", exc)
            return JSONResponse({"status": "unavailable", "database": "down"}, status_code=503)
        return JSONResponse({"status": "ok", "database": hub.database.dialect, "jobs": jobs})

    app.add_api_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)
    for middleware in hub.registry.middlewares:  # innermost: plugins' hot paths (hub.plugins.Registry.middleware)
        app.add_middleware(middleware)
    app.add_middleware(Utf8Forms)  # inside the body limit, which counts the bytes as sent
    app.add_middleware(BodyLimit, default=settings.max_body_bytes, per_prefix=hub.registry.body_limits)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    # Outermost: everything inside sees the client behind the trusted proxies (hub.http.client).
    app.add_middleware(TrustedProxies, trusted=settings.trusted_proxy_list)
    return app
