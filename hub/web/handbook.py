"""The handbook as a printable PDF ("xuất bản in"): every page of `docs/huong-dan/` in the order the
index lists them, one HTML document with the screenshots inline and print styles, printed to A4 by the
system's Chromium (Debian `chromium`, headless). `ttcs handbook pdf -o so-tay-ttcs.pdf`, `make handbook-pdf`."""

from __future__ import annotations

import base64
import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import click
from markdown_it import MarkdownIt

from hub.web.pages.help import SOURCE_DIR

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
LINK = re.compile(r"\]\(([a-z0-9-]+)\.md\)")
STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Sans", "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; color: #111; }
h1 { font-size: 18pt; color: #1d4f91; break-before: page; } h1.cover { break-before: auto; font-size: 24pt; }
h2 { font-size: 13.5pt; color: #1d4f91; } h3 { font-size: 11.5pt; }
img { max-width: 100%; max-height: 200mm; display: block; margin: 4mm auto; border: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 2px 5px; vertical-align: top; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; } pre { white-space: pre-wrap; }
nav.toc li { margin: 1mm 0; }
"""


def guides(source: Path) -> list[str]:
    """README first, then the guides in the order its table links them, then any other page."""
    index = (source / "README.md").read_text(encoding="utf-8")
    named = list(dict.fromkeys(m.group(1) for m in LINK.finditer(index)))
    rest = sorted(p.stem for p in source.glob("*.md") if p.stem != "README" and p.stem not in named)
    return ["README", *(n for n in named if (source / f"{n}.md").is_file()), *rest]


def _inline_images(page: str, source: Path) -> str:
    def data(match: re.Match[str]) -> str:
        path = source / "anh" / match.group(1)
        if not path.is_file():
            return match.group(0)
        return 'src="data:image/png;base64,' + base64.b64encode(path.read_bytes()).decode() + '"'

    return re.sub(r'src="anh/([a-z0-9-]+\.png)"', data, page)


def document(source: Path = SOURCE_DIR) -> str:
    """The whole handbook as one HTML document, links between guides pointing inside it."""
    markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    parts, toc = [], []
    for number, name in enumerate(guides(source)):
        text = (source / f"{name}.md").read_text(encoding="utf-8")
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), name)
        body = markdown.render(LINK.sub(r"](#\1)", text))
        body = body.replace("<h1>", f'<h1 id="{name}"' + (' class="cover">' if number == 0 else ">"), 1)
        parts.append(_inline_images(body, source))
        if number:
            toc.append(f'<li><a href="#{name}">{html.escape(title)}</a></li>')
    contents = '<nav class="toc"><h2>Mục lục</h2><ol>' + "".join(toc) + "</ol></nav>"
    first, *others = parts
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Sổ tay hướng dẫn sử dụng TTCS</title>'
        f"<style>{STYLE}</style></head><body>{first}{contents}{''.join(others)}</body></html>"
    )


def chromium() -> str:
    for name in CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    raise click.ClickException("Cần trình duyệt Chromium (gói Debian `chromium`) để in sổ tay ra PDF.")


def pdf(output: Path, source: Path = SOURCE_DIR, timeout: float = 180) -> Path:
    """Print the handbook to `output` (A4) with headless Chromium."""
    with tempfile.TemporaryDirectory(prefix="ttcs-handbook-") as work:
        page = Path(work) / "so-tay.html"
        page.write_text(document(source), encoding="utf-8")
        target = output.resolve()
        command = [
            chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            f"--user-data-dir={work}/profile", "--no-pdf-header-footer", f"--print-to-pdf={target}", page.as_uri(),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0 or not target.is_file():
            raise click.ClickException(f"Chromium không in được sổ tay: {done.stderr.strip()[-500:]}")
    return target
