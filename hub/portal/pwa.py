"""What makes the portal installable and readable offline: the web manifest and the service worker
(served from `/` so that it controls the whole portal, but never the officials' pages)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import cast

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from hub.http.deps import HubDep
from hub.web.templating import STATIC_DIRS, environment

router = APIRouter(include_in_schema=False)
router.mount("/static/portal", StaticFiles(directory=STATIC_DIRS["portal"]), name="static-portal")

THEME = "#0b4f8a"


@router.get("/manifest.webmanifest")
def manifest(hub: HubDep) -> Response:
    static = cast(Callable[..., str], environment(hub).globals["static_url"])
    name = hub.settings.site_name
    body = {
        "name": name,
        "short_name": "Thông tin cơ sở",
        "description": "Tin của xã, phường: thông báo, lịch, cảnh báo khẩn cấp.",
        "lang": "vi",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [
            {"src": static("icon-192.png", "portal"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icon-512.png", "portal"), "sizes": "512x512", "type": "image/png"},
            {"src": static("icon-512.png", "portal"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        ],
    }
    return JSONResponse(body, media_type="application/manifest+json")


@router.get("/sw.js")
def service_worker(request: Request, hub: HubDep) -> Response:
    env = environment(hub)
    static = cast(Callable[..., str], env.globals["static_url"])
    shell = ["/", "/ngoai-tuyen", "/manifest.webmanifest"]
    shell += [static(name, "portal") for name in ("portal.css", "portal.js", "icon-192.png", "icon.svg")]
    version = hashlib.sha256("|".join(shell).encode()).hexdigest()[:10]
    script = env.get_template("portal/sw.js").render(shell=shell, version=version)
    headers = {"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"}
    return Response(script, media_type="text/javascript", headers=headers)
