"""The report as a PDF to print and sign (matplotlib's PdfPages): A4 pages of tables drawn as text,
then the charts. Text is embedded as TrueType, so the PDF can be searched and its figures copied.

Tables are laid out from their content: each column is as wide as its widest cell (measured in the
report's font) when the page allows it; otherwise the columns with long text are narrowed and their
cells wrap over several lines, never cut. A row, and a table's title with its first row, are kept on
one page; a table that goes on over a page break repeats its headers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC
from functools import cache

from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure, SubFigure
from matplotlib.font_manager import FontProperties

from hub.reports import charts
from hub.reports.model import AnnualReport
from hub.reports.sections import Table, display, heading, sections

A4 = (8.27, 11.69)
TOP, BOTTOM, LEFT, RIGHT = 0.95, 0.05, 0.07, 0.95
LINE = 0.019  # of the page height, at 8.5 pt
PAGE_WIDTH = A4[0] * 72  # points
TEXT_WIDTH = (RIGHT - LEFT) * PAGE_WIDTH
GAP = 10.0  # points between two columns


@cache
def _renderer() -> RendererAgg:
    return RendererAgg(10, 10, 72)  # at 72 dpi a pixel is a point


@cache
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` in points, in the report's font."""
    if not text:
        return 0.0
    prop = FontProperties(family=charts.font_family(), size=size, weight="bold" if bold else "normal")
    width, _, _ = _renderer().get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """`text` in lines no wider than `width` points, broken between words (inside a word only when
    the word alone is wider than the column)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while text_width(line, size, bold) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and text_width(line[:cut], size, bold) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def column_widths(cells: Sequence[Sequence[tuple[str, float, bool]]], total: float = TEXT_WIDTH) -> list[float]:
    """The width of each column (points, gap included) for rows of (text, size, bold) cells: as wide
    as its widest cell when they all fit (the room left shared out); otherwise the columns
    that can wrap give up width in proportion to what wrapping can save, down to their longest word."""
    count = max(len(row) for row in cells)
    natural, least = [GAP] * count, [GAP] * count
    for row in cells:
        for i, (text, size, bold) in enumerate(row):
            natural[i] = max(natural[i], text_width(text, size, bold) + GAP)
            longest = max((text_width(w, size, bold) for w in text.split()), default=0.0)
            least[i] = max(least[i], longest + GAP)
    if sum(natural) <= total:
        if count == 2:  # a label and its figure: the figures of all such tables in one column
            first = max(natural[0], min(0.62 * total, total - natural[1]))
            return [first, total - first]
        slack = (total - sum(natural)) / count
        return [n + slack for n in natural]
    excess = sum(natural) - total
    room = [n - m for n, m in zip(natural, least, strict=True)]
    if sum(room) >= excess:
        return [n - excess * r / sum(room) for n, r in zip(natural, room, strict=True)]
    return [m * total / sum(least) for m in least]  # even single words do not fit: they break


class _Pages:
    """Writes rows top to bottom and starts a new A4 page when the next one does not fit."""

    def __init__(self, pdf: PdfPages, footer: str) -> None:
        self.pdf, self.footer = pdf, footer
        self.figure: Figure | None = None
        self.y = TOP
        self.count = 0

    def _page(self) -> Figure:
        if self.figure is None:
            self.figure = charts.new_figure(*A4)
            self.figure.set_layout_engine(None)
            self.y = TOP
        return self.figure

    def room(self, height: float) -> bool:
        """Make room for `height` (of the page); True when that took a new page."""
        if self.figure is not None and self.y - height >= BOTTOM + LINE:
            return False
        fresh = self.figure is not None
        self.close()
        self._page()
        return fresh

    def close(self) -> None:
        if self.figure is not None:
            self.count += 1
            self.figure.text(RIGHT, BOTTOM / 2, f"{self.footer} — trang {self.count}", ha="right", fontsize=7)
            self.pdf.savefig(self.figure)
            self.figure = None

    def row(self, cells: list[list[str]], columns: list[float], *, size: float = 8.5, bold: bool = False) -> None:
        """One row of cells, each given as its lines, at the columns' left edges (fractions of the width)."""
        page = self._page()
        weight = "bold" if bold else "normal"
        step = LINE * size / 8.5
        for x, lines in zip(columns, cells, strict=False):
            for i, line in enumerate(lines):
                if line:
                    page.text(x, self.y - i * step, line, fontsize=size, fontweight=weight, va="top")
        self.y -= step * max((len(lines) for lines in cells), default=1)

    def gap(self, lines: float = 0.6) -> None:
        self.y -= LINE * lines


def _height(cells: list[list[str]], size: float) -> float:
    return LINE * size / 8.5 * max((len(lines) for lines in cells), default=1)


class _Layout:
    """A table's columns and how to wrap its header and rows into them."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[str]], *, header: float, body: float) -> None:
        self.header, self.body = header, body
        sized = [[(h, header, True) for h in headers]] if headers else []
        sized += [[(c, body, False) for c in row] for row in rows]
        self.widths = column_widths(sized)
        edges = [LEFT * PAGE_WIDTH]
        for width in self.widths[:-1]:
            edges.append(edges[-1] + width)
        self.columns = [e / PAGE_WIDTH for e in edges]

    def cells(self, row: Sequence[str], size: float, bold: bool) -> list[list[str]]:
        return [wrap(text, width - GAP, size, bold) for text, width in zip(row, self.widths, strict=False)]


def _text(pages: _Pages, text: str, *, size: float, bold: bool = False, keep: float = 0.0) -> None:
    """A title or a paragraph over the whole width; `keep`: room wanted below it on the same page."""
    lines = wrap(text, TEXT_WIDTH, size, bold)
    pages.room(_height([lines], size) + keep)
    pages.row([lines], [LEFT], size=size, bold=bold)


def _table(pages: _Pages, table: Table) -> None:
    rows = [[display(c) for c in row] for row in table.rows]
    headers = list(table.headers) if rows and any(table.headers) else []  # no rows: the title and what it lacks
    layout = _Layout(headers, rows or [[table.empty]], header=8, body=8.5)
    head = layout.cells(headers, 8, True) if headers else []
    bodies = [layout.cells(row, 8.5, False) for row in rows]
    first = bodies[0] if bodies else [wrap(table.empty, TEXT_WIDTH, 8.5)]
    pages.gap(0.5)
    _text(pages, table.title, size=9.5, bold=True, keep=_height(head, 8) * bool(head) + _height(first, 8.5))
    if head:
        pages.row(head, layout.columns, size=8, bold=True)
    if not bodies:
        pages.row([first[0]], [LEFT])
        return
    for cells in bodies:
        if pages.room(_height(cells, 8.5)) and head:
            pages.row(head, layout.columns, size=8, bold=True)
        pages.row(cells, layout.columns)


def render(report: AnnualReport) -> bytes:
    out = io.BytesIO()
    footer = f"{report.title} — {report.area_name}"
    with PdfPages(out, metadata={"Title": report.title, "Author": report.generated_by,
                                 "CreationDate": report.generated_at.astimezone(UTC)}) as pdf:  # fmt: skip
        pages = _Pages(pdf, footer)
        _text(pages, report.title, size=13, bold=True)
        pages.gap()
        facts = [list(pair) for pair in heading(report)]
        layout = _Layout([], facts, header=8.5, body=8.5)
        label = max(0.25 - LEFT, max(text_width(f[0], 8.5) + GAP for f in facts) / PAGE_WIDTH)
        layout.columns = [LEFT, LEFT + label]
        layout.widths = [label * PAGE_WIDTH, TEXT_WIDTH - label * PAGE_WIDTH]
        for fact in facts:
            cells = layout.cells(fact, 8.5, False)
            pages.room(_height(cells, 8.5))
            pages.row(cells, layout.columns)
        for section in sections(report):
            pages.gap(1.2)
            _text(pages, section.title.upper(), size=11, bold=True, keep=LINE * 4)
            for table in section.tables:
                _table(pages, table)
            for title, text in section.paragraphs:
                pages.gap(0.5)
                _text(pages, title, size=9.5, bold=True, keep=LINE)
                for line in wrap(text, TEXT_WIDTH, 8.5) or [""]:
                    pages.room(LINE)
                    pages.row([[line]], [LEFT])
            if section.note:
                pages.gap(0.3)
                _text(pages, section.note, size=7)
        pages.close()
        _chart_pages(pdf, pages, report)
    return out.getvalue()


def _chart_pages(pdf: PdfPages, pages: _Pages, report: AnnualReport) -> None:
    """The charts drawn on A4 pages as vectors (their text stays text), as many as fit on a page."""
    room = A4[1] * (TOP - BOTTOM)
    found = charts.charts_of(report)
    while found:
        chosen: list[charts.Chart] = []
        used = 0.0
        while found and (not chosen or used + found[0].height <= room):
            used += found[0].height
            chosen.append(found.pop(0))
        page = charts.new_figure(*A4)
        page.set_layout_engine("constrained", rect=(LEFT, BOTTOM, RIGHT - LEFT, TOP - BOTTOM))
        rest = max(0.0, room - used)
        parts = page.subfigures(len(chosen) + 1, 1, height_ratios=[*(c.height for c in chosen), rest + 0.01])
        assert not isinstance(parts, SubFigure)  # two rows or more: an array of subfigures
        for chart, part in zip(chosen, parts, strict=False):
            chart.draw(part)
        pages.figure = page
        pages.close()
