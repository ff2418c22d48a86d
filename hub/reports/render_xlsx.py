"""The report as an Excel workbook (openpyxl): one sheet per section, figures as numbers and ratios
as percentages so that officials can add up and copy them into the province's own forms; the
charts on a last sheet as pictures."""

from __future__ import annotations

import io
from typing import cast

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hub.reports import charts
from hub.reports.model import AnnualReport
from hub.reports.sections import Pct, Section, heading, sections

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
PERCENT = "0.0%"


def _section(sheet: Worksheet, section: Section, row: int) -> int:
    for table in section.tables:
        sheet.cell(row, 1, table.title).font = BOLD
        row += 1
        for col, header in enumerate(table.headers, start=1):
            cell = sheet.cell(row, col, header)
            cell.font, cell.fill = BOLD, HEADER_FILL
        row += 1
        for values in table.rows:
            for col, value in enumerate(values, start=1):
                if isinstance(value, Pct):
                    cell = sheet.cell(row, col, value.value if value.value is not None else "—")
                    cell.number_format = PERCENT
                    cell.alignment = Alignment(horizontal="right")
                else:
                    sheet.cell(row, col, value)
            row += 1
        row += 1
    for title, text in section.paragraphs:
        sheet.cell(row, 1, title).font = BOLD
        sheet.cell(row + 1, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
        row += 3
    if section.note:
        sheet.cell(row, 1, section.note).alignment = Alignment(wrap_text=True, vertical="top")
        row += 2
    return row


def _widths(sheet: Worksheet) -> None:
    for column in sheet.columns:
        longest = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[get_column_letter(column[0].column or 1)].width = min(70, max(10, longest + 2))


def render(report: AnnualReport) -> bytes:
    book = Workbook()
    first = True
    for section in sections(report):
        sheet = cast(Worksheet, book.active) if first else book.create_sheet()  # a new book has one worksheet
        sheet.title = section.title
        row = 1
        if first:
            sheet.cell(1, 1, report.title).font = TITLE
            row = 2
            for label, value in heading(report):
                sheet.cell(row, 1, label).font = BOLD
                sheet.cell(row, 2, value)
                row += 1
            row += 1
        _section(sheet, section, row)
        _widths(sheet)
        first = False
    pictures = book.create_sheet("Biểu đồ")
    anchor = 1
    for _, figure in charts.all_charts(report):
        image = Image(io.BytesIO(charts.png(figure, dpi=90)))
        pictures.add_image(image, f"A{anchor}")
        anchor += int(image.height / 20) + 2
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
