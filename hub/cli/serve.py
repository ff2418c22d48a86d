"""`ttcs serve`: the hub's HTTP server (with the job worker inside in the embedded default)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    pass


@click.command(help="Serve the hub over HTTP.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="Processes (production).")
@click.option("--migrate/--no-migrate", default=None, help="Migrate first (default: yes in the embedded setup).")
@click.option(
    "--backlog",
    default=4096,
    show_default=True,
    type=int,
    help="Connections waiting to be accepted (thousands of devices reconnect at once after an emergency notice).",
)
def serve(host: str, port: int, workers: int, migrate: bool | None, backlog: int) -> None:
    import uvicorn

    from hub.bootstrap import build_hub
    from hub.config import load_settings
    from hub.db.migrate import upgrade

    settings = load_settings()
    if migrate if migrate is not None else settings.env == "embedded":
        hub = build_hub(settings)
        upgrade(hub.database.engine, settings.plugins)
        hub.close()
    url = f"http://{host}:{port}"
    click.echo(f"TTCS đang chạy tại {url} (Ctrl+C để dừng)")
    click.echo(f"  Cán bộ (trang quản trị): {url}/quan-tri/   Người dân: {url}/   API: {url}/docs")
    uvicorn.run(
        "hub.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level.lower(),
        # The app resolves the client behind TTCS_TRUSTED_PROXIES itself (hub.http.client); uvicorn's
        # own default would believe any X-Forwarded-For sent from 127.0.0.1.
        proxy_headers=False,
        # uvloop and httptools (uvicorn[standard]) are picked by "auto"; the access log is a logging
        # call per request on the devices' hot path, so only at debug level (nginx logs production).
        loop="auto",
        http="auto",
        access_log=settings.log_level.lower() == "debug",
        backlog=backlog,
        timeout_worker_healthcheck=settings.serve_worker_start_seconds,
    )
