"""The e-board player page: `/eboard/#token=…` full screen in the board's browser.

Static files (HTML, JS, CSS, a service worker for offline use); the page reads the token from the
address fragment (never sent to a server, removed from the address bar at once) and then speaks
the device protocol like any device.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse

HERE = Path(__file__).parent / "eboard"
FILES = {"eboard.js": "text/javascript", "eboard.css": "text/css", "sw.js": "text/javascript"}

router = APIRouter(include_in_schema=False)


@router.get("/eboard")
def eboard_redirect() -> RedirectResponse:
    return RedirectResponse("/eboard/", status_code=308)


@router.get("/eboard/")
def eboard_page() -> FileResponse:
    return FileResponse(HERE / "index.html", media_type="text/html", headers={"Cache-Control": "no-cache"})


@router.get("/eboard/{name}")
def eboard_asset(name: str) -> FileResponse:
    if name not in FILES:
        from hub.kit.errors import NotFound

        raise NotFound("Không có tệp này.", code="not_found")
    headers = {"Cache-Control": "no-cache"}
    if name == "sw.js":
        headers["Service-Worker-Allowed"] = "/eboard/"
    return FileResponse(HERE / name, media_type=FILES[name], headers=headers)
