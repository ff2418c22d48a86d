"""The handbook as a printable PDF (issue 18, item 13): `ttcs handbook pdf` prints every guide of
`docs/huong-dan/`, in the index's order, with its screenshots, as searchable text on A4 pages."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from hub.cli.main import cli
from hub.plugins import load
from hub.web.handbook import guides
from tests.support.clock import real_clock_for_children

HANDBOOK = Path(__file__).resolve().parents[3] / "docs" / "huong-dan"
A4 = (595, 842)  # points


def test_the_handbook_prints_every_guide_with_its_pictures(tmp_path: Path) -> None:
    for command in load().cli_commands:
        cli.add_command(command)
    target = tmp_path / "so-tay.pdf"
    with real_clock_for_children():  # Chromium crawls under libfaketime (170 s against 15 s), and printing has no date
        result = CliRunner().invoke(cli, ["handbook", "pdf", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Đã ghi" in result.output

    pdf = PdfReader(target)
    width, height = (round(float(x)) for x in pdf.pages[0].mediabox.upper_right)
    assert (width, height) == A4
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in pdf.pages))
    order = guides(HANDBOOK)
    assert order[0] == "README" and set(order) == {p.stem for p in HANDBOOK.glob("*.md")}
    titles = []
    for name in order:
        first = (HANDBOOK / f"{name}.md").read_text(encoding="utf-8").splitlines()[0]
        titles.append(first.removeprefix("# ").strip())
    positions = [text.find(title, text.find("Mục lục") + 1 if i else 0) for i, title in enumerate(titles)]
    assert all(p >= 0 for p in positions), [t for t, p in zip(titles, positions, strict=True) if p < 0]
    sources = [(HANDBOOK / f"{name}.md").read_text(encoding="utf-8") for name in order]
    pictures = {image for source in sources for image in re.findall(r"\(anh/([a-z0-9-]+\.png)\)", source)}
    assert sum(len(page.images) for page in pdf.pages) >= len(pictures) > 0
