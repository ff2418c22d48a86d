"""The report PDF laid out so it can be read: every label whole (wrapped, never cut), no text running
into the next column or past the right margin, and no section that is a heading with nothing under it.
The positions are those pypdf reads from the PDF; widths come from the embedded fonts' glyph widths."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic._font import Font  # pypdf's reading of a font's widths (pypdf is pinned)

from hub.context import Hub
from hub.reports import render_pdf
from hub.reports.model import AnnualReport, percent
from hub.reports.sections import display, sections
from tests.hub.reports.helpers import build, make_year, play_streams

TOLERANCE = 0.5  # points: kerning the widths below leave out


@dataclass
class Run:
    """The text drawn at one origin (one text object of the renderer), as wide as its glyphs."""

    page: int
    x0: float
    y: float
    x1: float
    text: str


def _width(font: Font, text: str, size: float) -> float:
    codes = {unicode: code for code, unicode in font.character_map.items() if isinstance(unicode, str)}
    default = font.character_widths.get("default", 500)
    return sum(font.character_widths.get(codes.get(ch, ch), default) for ch in text) * size / 1000


def runs_of(content: bytes) -> tuple[list[Run], float, list[str]]:
    """The text runs of every page, the pages' width and each page's extracted text."""
    reader = PdfReader(io.BytesIO(content))
    found: dict[tuple[int, float, float], Run] = {}
    fonts: dict[int, Font] = {}
    texts = []
    for number, page in enumerate(reader.pages):

        def visit(text, cm, tm, font_dict, size, number=number) -> None:
            if not text or font_dict is None or cm[1] or cm[2] or tm[1] or tm[2]:
                return  # rotated text (chart axes) is not laid out in columns
            font = fonts.setdefault(id(font_dict), Font.from_font_resource(font_dict))
            x = cm[4] + tm[4] * cm[0]
            end = x + _width(font, text, size * tm[0] * cm[0])
            key = (number, round(cm[4], 2), round(cm[5], 2))
            run = found.setdefault(key, Run(number, x, cm[5] + tm[5] * cm[3], end, ""))
            run.x1, run.text = max(run.x1, end), run.text + text

        texts.append(page.extract_text(visitor_text=visit))
    return list(found.values()), float(reader.pages[0].mediabox.width), texts


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_layout(report: AnnualReport, content: bytes) -> str:
    """Asserts the layout; answers the whole text with its white space made single spaces."""
    runs, width, pages = runs_of(content)
    assert runs
    margin = render_pdf.RIGHT * width
    past = [(r.page + 1, r.text) for r in runs if r.x1 > margin + TOLERANCE]
    assert not past, f"text past the right margin: {past}"
    lines: dict[tuple[int, float], list[Run]] = {}
    for run in runs:
        lines.setdefault((run.page, round(run.y)), []).append(run)
    crossing = [
        (left.page + 1, left.text, right.text)
        for line in lines.values()
        for left, right in zip(sorted(line, key=lambda r: r.x0), sorted(line, key=lambda r: r.x0)[1:], strict=False)
        if left.x1 > right.x0 - TOLERANCE
    ]
    assert not crossing, f"text running into the next column: {crossing}"

    text = _flat("\n".join(pages))
    assert "…" not in text
    for section in sections(report):
        assert section.title.upper() in text
        for table in section.tables:
            for cell in [table.title, *table.headers, *(display(c) for row in table.rows for c in row)]:
                assert _flat(cell) in text, f"{cell!r} is not whole in the PDF"
        if section.note:
            assert _flat(section.note) in text
    return text


def test_the_province_report_has_whole_labels_in_their_own_columns(hub: Hub) -> None:
    make_year(hub)
    play_streams(hub)  # the live and relayed minutes, in the summary, the broadcasts and the units' table
    report = build(hub, "66", "duyet.tinh")
    assert len(report.units) > 40  # the wide table of the province's communes is in it
    text = check_layout(report, render_pdf.render(report))
    # Each figure a cell of its own, not glued to the text before it ("đã trả lời100,0 %").
    for t in report.targets:
        assert f"{t.label} {percent(t.value)} {t.detail} {percent(t.target)}" in text


def test_a_ward_report_without_calls_says_so(hub: Hub) -> None:
    report = build(hub)
    assert report.calls.by_result == []  # the demo has no hotline call
    text = check_layout(report, render_pdf.render(report))
    assert "Cuộc gọi theo kết quả Chưa có cuộc gọi trong kỳ." in text


def test_a_table_title_is_never_the_last_line_of_a_page(hub: Hub) -> None:
    make_year(hub)
    report = build(hub, "66", "duyet.tinh")
    titles = {t.title for s in sections(report) for t in s.tables} | {s.title.upper() for s in sections(report)}
    runs, _, _ = runs_of(render_pdf.render(report))
    for page in {r.page for r in runs}:
        body = sorted((r for r in runs if r.page == page and "— trang" not in r.text), key=lambda r: r.y)
        if body:
            assert body[0].text.strip() not in titles, f"page {page + 1} ends with the title {body[0].text!r}"
