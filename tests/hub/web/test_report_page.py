"""The officials' report page: the form lists the official's areas, the download is a plain GET,
another commune's report is refused, and the dashboard links to the current year's report."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.support.web import text_of


def test_the_ward_prints_its_report_and_not_the_neighbours(browser) -> None:
    official = browser("duyet.eakao")
    page = official.get("/quan-tri/bao-cao")
    assert page.status_code == 200
    seen = text_of(page.text)
    assert "Báo cáo năm" in seen and "Phường Ea Kao" in seen and "Buôn Ea Kao" in seen
    assert "Xã Cư M’gar" not in seen  # not theirs
    assert 'href="/quan-tri/bao-cao"' in page.text  # in the menu

    got = official.get("/quan-tri/bao-cao/tai-ve", params={"area": "24169", "format": "xlsx"})
    assert got.status_code == 200
    assert "bao-cao-ttcs-" in got.headers["content-disposition"]
    book = load_workbook(io.BytesIO(got.content))
    assert book["Tổng hợp"]["B2"].value == "Phường Ea Kao (mã 24169)"

    refused = official.get("/quan-tri/bao-cao/tai-ve", params={"area": "24280", "format": "pdf"})
    assert refused.status_code == 403
    assert "Xã Cư M’gar (mã 24280)" in text_of(refused.text)

    dashboard = text_of(official.get("/quan-tri/").text)
    assert "Kỳ báo cáo năm" in dashboard and "Tải Excel" in dashboard
