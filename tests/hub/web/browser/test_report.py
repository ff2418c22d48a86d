"""The province's approver prints the annual report from the web app, as XLSX and as PDF."""

import io
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.hub.web.browser.conftest import shot, sign_in


def test_the_province_downloads_the_annual_report_as_xlsx_and_pdf(open_page):
    page = open_page()
    sign_in(page, "duyet.tinh")
    page.get_by_role("link", name="Báo cáo năm").first.click()
    expect(page.get_by_role("heading", name="Báo cáo năm")).to_be_visible()
    expect(page.get_by_label("Địa bàn")).to_have_value("66")
    shot(page, "bao-cao-nam", handbook=True)

    with page.expect_download() as got:
        page.get_by_role("button", name="Tải báo cáo").click()
    xlsx = got.value
    assert xlsx.suggested_filename.startswith("bao-cao-ttcs-") and xlsx.suggested_filename.endswith("-66.xlsx")
    book = load_workbook(io.BytesIO(Path(xlsx.path()).read_bytes()))
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Địa bàn"] == "Tỉnh Đắk Lắk (mã 66)"
    assert summary["Tin được duyệt phát hành"] == 6  # the demo's approved bulletins
    assert summary["Phản ánh, kiến nghị nhận được"] == 8  # the demo's feedback cases

    page.get_by_label("Định dạng").select_option("pdf")
    with page.expect_download() as got:
        page.get_by_role("button", name="Tải báo cáo").click()
    pdf = got.value
    assert pdf.suggested_filename.endswith("-66.pdf")
    reader = PdfReader(io.BytesIO(Path(pdf.path()).read_bytes()))
    text = reader.pages[0].extract_text()
    assert "Tỉnh Đắk Lắk (mã 66)" in text and "Tin được duyệt phát hành 6" in text
