"""The report as a PDF to print and sign (matplotlib's PdfPages): A4 pages of tables drawn as text,
then the charts. Text is embedded as TrueType, so the PDF can be searched and its figures copied."""

from __future__ import annotations

import io
import textwrap
from datetime import UTC

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure, SubFigure

from hub.reports import charts
from hub.reports.model import AnnualReport
from hub.reports.sections import Table, display, heading, sections

A4 = (8.27, 11.69)
TOP, BOTTOM, LEFT, RIGHT = 0.95, 0.05, 0.07, 0.95
LINE = 0.019  # of the page height, at 8.5 pt


class _Pages:
    """Writes lines top to bottom and starts a new A4 page when one is full."""

    def __init__(self, pdf: PdfPages, footer: str) -> None:
        self.pdf, self.footer = pdf, footer
        self.figure: Figure | None = None
        self.y = TOP
        self.count = 0

    def _page(self) -> Figure:
        if self.figure is None or self.y < BOTTOM + 2 * LINE:
            self.close()
            self.figure = charts.new_figure(*A4)
            self.figure.set_layout_engine(None)
            self.y = TOP
        return self.figure

    def close(self) -> None:
        if self.figure is not None:
            self.count += 1
            self.figure.text(RIGHT, BOTTOM / 2, f"{self.footer} — trang {self.count}", ha="right", fontsize=7)
            self.pdf.savefig(self.figure)
            self.figure = None

    def line(self, cells: list[str], columns: list[float], *, size: float = 8.5, bold: bool = False) -> None:
        page = self._page()
        weight = "bold" if bold else "normal"
        for x, cell in zip(columns, cells, strict=False):
            page.text(x, self.y, cell, fontsize=size, fontweight=weight, va="top")
        self.y -= LINE * size / 8.5

    def gap(self, lines: float = 0.6) -> None:
        self.y -= LINE * lines


def _columns(table: Table) -> list[float]:
    if len(table.headers) <= 2:
        return [LEFT, 0.72]
    first = 0.42 if len(table.headers) <= 4 else 0.22
    step = (RIGHT - LEFT - first) / (len(table.headers) - 1)
    return [LEFT, *(LEFT + first + i * step for i in range(len(table.headers) - 1))]


def _clip(cell: str, width: int) -> str:
    return cell if len(cell) <= width else cell[: width - 1] + "…"


def render(report: AnnualReport) -> bytes:
    out = io.BytesIO()
    footer = f"{report.title} — {report.area_name}"
    with PdfPages(out, metadata={"Title": report.title, "Author": report.generated_by,
                                 "CreationDate": report.generated_at.astimezone(UTC)}) as pdf:  # fmt: skip
        pages = _Pages(pdf, footer)
        pages.line([report.title], [LEFT], size=13, bold=True)
        pages.gap()
        for label, value in heading(report):
            pages.line([label, value], [LEFT, 0.25])
        for section in sections(report):
            pages.gap(1.2)
            pages.line([section.title.upper()], [LEFT], size=11, bold=True)
            for table in section.tables:
                columns = _columns(table)
                width = 70 if len(columns) == 2 else 52 if len(columns) <= 4 else 24
                pages.gap(0.5)
                pages.line([table.title], [LEFT], size=9.5, bold=True)
                pages.line(list(table.headers), columns, size=8, bold=True)
                for row in table.rows:
                    cells = [display(c) for c in row]
                    pages.line([_clip(cells[0], width), *cells[1:]], columns)
            for title, text in section.paragraphs:
                pages.gap(0.5)
                pages.line([title], [LEFT], size=9.5, bold=True)
                for paragraph in text.splitlines() or [""]:
                    for line in textwrap.wrap(paragraph, 105) or [""]:
                        pages.line([line], [LEFT])
            if section.note:
                pages.gap(0.3)
                pages.line([_clip(section.note, 140)], [LEFT], size=7)
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
