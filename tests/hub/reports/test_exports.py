"""The three formats show the figures the report computed, officials get only their own area's
report, every download is audited, and the demo province's report matches the demo data."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select

from hub.audit.tables import audit_table as audit_event_table
from hub.cli import common
from hub.cli.main import cli
from hub.context import Hub
from hub.reports.model import percent
from hub.reports.sections import display
from tests.hub.reports.helpers import EA_KAO, FIRST, LAST, TableReader, build, make_year, sheet_values

Login = Callable[..., dict[str, str]]


def _get(client: TestClient, login: Login, fmt: str, area: str = EA_KAO, who: str = "duyet.eakao"):
    query = {"area": area, "format": fmt, "from": FIRST.isoformat(), "to": LAST.isoformat()}
    return client.get("/api/v1/reports/annual", params=query, headers=login(who))


def test_the_workbook_has_the_figures_as_numbers(hub: Hub, client: TestClient, login: Login) -> None:
    make_year(hub)
    report = build(hub)
    response = _get(client, login, "xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert f"bao-cao-ttcs-{LAST.year}-{EA_KAO}.xlsx" in response.headers["content-disposition"]
    sheets = sheet_values(response.content)
    assert list(sheets)[:6] == ["Tổng hợp", "Bản tin", "Phát thanh", "Thiết bị", "Người dân", "Phản ánh"]
    summary = sheets["Tổng hợp"]
    assert summary["Địa bàn"] == ["Phường Ea Kao (mã 24169)"]
    assert summary["Tin được duyệt phát hành"] == [report.bulletins.total]
    assert summary["Phản ánh, kiến nghị nhận được"] == [report.feedback.received]
    assert summary["Phản ánh trả lời đúng hạn"] == [report.feedback.answered_on_time]
    on_time = summary["Phản ánh được trả lời đúng hạn"]
    assert on_time[0] == pytest.approx(report.feedback.on_time_ratio) and on_time[-1] == 1.0
    assert sheets["Bản tin"]["Ưu tiên"] == [_count(report.bulletins.by_priority, "priority")]
    plan = sheets["Phát thanh"]["Lượt phát"]
    assert plan[:2] == [report.broadcasts.scheduled_plays, report.broadcasts.played_on_schedule]
    assert sheets["Người dân"]["Cuộc gọi"] == [report.calls.calls]
    assert "Biểu đồ" in sheets


def test_the_pdf_prints_the_figures_as_text(hub: Hub, client: TestClient, login: Login) -> None:
    make_year(hub)
    report = build(hub)
    response = _get(client, login, "pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    pdf = PdfReader(io.BytesIO(response.content))
    assert 4 <= len(pdf.pages) <= 12
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert report.title in text and "Phường Ea Kao (mã 24169)" in text
    assert f"Tin được duyệt phát hành {report.bulletins.total}" in text
    assert f"Phản ánh, kiến nghị nhận được {report.feedback.received}" in text
    assert f"Trả lời đúng hạn {percent(report.feedback.on_time_ratio)}" in text
    assert f"trang {len(pdf.pages)}" in pdf.pages[-1].extract_text()


def test_the_html_is_one_self_contained_page(hub: Hub, client: TestClient, login: Login) -> None:
    make_year(hub)
    report = build(hub)
    response = _get(client, login, "html")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script" not in page and 'href="http' not in page
    reader = TableReader()
    reader.feed(page)
    assert len(reader.images) == 5 and all(src.startswith("data:image/svg+xml;base64,") for src in reader.images)
    figures = reader.tables["summary:Số liệu chính"]
    assert figures["Tin được duyệt phát hành"] == [display(report.bulletins.total)]
    assert figures["Cuộc gọi đến tổng đài"] == [display(report.calls.calls)]
    handling = reader.tables["feedback:Tiếp nhận và xử lý"]
    assert handling["Đã trả lời"] == [str(report.feedback.answered)]
    ratios = reader.tables["feedback:Tỷ lệ"]
    assert ratios["Trả lời đúng hạn"] == [percent(report.feedback.on_time_ratio), "100,0 %"]


def test_a_commune_official_cannot_get_another_communes_report(hub: Hub, client: TestClient, login: Login) -> None:
    refused = _get(client, login, "xlsx", who="bientap.cumgar")
    assert refused.status_code == 403
    assert "Phường Ea Kao (mã 24169)" in refused.json()["detail"]
    assert _get(client, login, "xlsx", area="66", who="duyet.eakao").status_code == 403
    assert _get(client, login, "pdf", area="24280", who="bientap.cumgar").status_code == 200
    assert client.get("/api/v1/reports/annual", params={"area": EA_KAO}).status_code == 401
    assert _get(client, login, "docx").status_code == 422
    with hub.database.uow(write=False) as uow:
        rows = uow.session.execute(
            select(audit_event_table.c.actor_name, audit_event_table.c.area_code, audit_event_table.c.details).where(
                audit_event_table.c.action == "report.annual"
            )
        ).all()
    assert [(r.actor_name, r.area_code, r.details["format"]) for r in rows] == [("bientap.cumgar", "24280", "pdf")]


def test_the_demo_provinces_report_matches_the_demo_data(hub: Hub, settings, tmp_path) -> None:
    """`ttcs seed --demo` (the test database is seeded with it) then `ttcs report annual`."""
    env = {
        "TTCS_DATABASE_URL": settings.sqlalchemy_url,
        "TTCS_VAR_DIR": str(settings.var_dir),
        "TTCS_SECRET_KEY": settings.secret_key,
        "TTCS_LOG_LEVEL": "warning",
    }
    target = tmp_path / "bao-cao.xlsx"
    common.hub.cache_clear()
    try:
        result = CliRunner().invoke(
            cli, ["report", "annual", "--area", "66", "--format", "xlsx", "-o", str(target)], env=env
        )
    finally:
        common.hub().close()
        common.hub.cache_clear()
    assert result.exit_code == 0, result.output
    sheets = sheet_values(target.read_bytes())
    # hub/demo/seed.py: six bulletins were approved (the draft, the submitted and the rejected one were
    # not): three by the province (one withdrawn later, one emergency), two by Ea Kao, one by Cư M’gar.
    assert sheets["Tổng hợp"]["Tin được duyệt phát hành"] == [6]
    bulletins = sheets["Bản tin"]
    assert (bulletins["Tỉnh"], bulletins["Xã/Phường"]) == ([3], [3])
    assert (bulletins["Thông thường"], bulletins["Ưu tiên"], bulletins["Khẩn cấp"]) == ([4], [1], [1])
    # hub/demo/devices.py: three loudspeakers and an e-board, all registered this year.
    assert sheets["Tổng hợp"]["Số thiết bị (cụm loa, bảng tin)"] == [4]
    assert sheets["Phát thanh"]["Cụm loa hoạt động trong kỳ"] == [3]
    # hub/demo/feedback.py: eight cases, two answered in time (one of them closed), one overdue.
    feedback = sheets["Phản ánh"]
    assert feedback["Phản ánh, kiến nghị nhận được"] == [8]
    assert feedback["Đã trả lời"] == [2] and feedback["— trả lời đúng hạn"] == [2]
    assert feedback["Đang xử lý, quá hạn"] == [1]


def _count(rows, key: str) -> int:
    return next(r.count for r in rows if r.key == key)
