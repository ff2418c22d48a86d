"""The handbook (`docs/huong-dan/`, Markdown) served to officials at `/quan-tri/huong-dan/`, with its
screenshots. Public: the sign-in page links to it."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from markdown_it import MarkdownIt

from hub.context import Hub
from hub.http.deps import HubDep
from hub.kit.errors import NotFound
from hub.web.routing import MaybeOfficial, page_router, see_other
from hub.web.templating import render

router = page_router("/quan-tri/huong-dan")
SOURCE_DIR = Path(__file__).resolve().parents[3] / "docs" / "huong-dan"
NAME = re.compile(r"^([a-z0-9-]+|README)$")
IMAGE = re.compile(r"^[a-z0-9-]+\.(png|jpg|svg)$")
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def handbook_dir(hub: Hub) -> Path:
    return hub.settings.handbook_dir or SOURCE_DIR


def _page(hub: Hub, name: str) -> tuple[str, str]:
    path = handbook_dir(hub) / f"{name}.md"
    if not NAME.match(name) or not path.is_file():
        raise NotFound("Không có trang hướng dẫn này.", code="help_not_found")
    text = path.read_text(encoding="utf-8")
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), name)
    # Links between guides are written for reading on disk ("bien-tap-vien.md"); serve them here.
    html = _markdown.render(text).replace('.md"', '"').replace('href="README"', 'href="./"')
    return title, html


@router.get("", include_in_schema=False)
def help_root() -> Response:
    return see_other("/quan-tri/huong-dan/")


@router.get("/", name="web.help")
def help_index(request: Request, hub: HubDep, official: MaybeOfficial) -> HTMLResponse:
    title, html = _page(hub, "README")
    return render(request, "web/help.html", {"title": title, "current": "help", "html": html})


@router.get("/anh/{name}", name="web.help_image")
def help_image(hub: HubDep, name: str) -> FileResponse:
    path = handbook_dir(hub) / "anh" / name
    if not IMAGE.match(name) or not path.is_file():
        raise NotFound("Không có hình này.", code="help_image_not_found")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})


@router.get("/{name}", name="web.help_page")
def help_page(request: Request, hub: HubDep, official: MaybeOfficial, name: str) -> HTMLResponse:
    title, html = _page(hub, name.removesuffix(".md"))
    return render(request, "web/help.html", {"title": title, "current": "help", "html": html})
