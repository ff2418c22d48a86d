"""The plan's reporting duty (issue 18, item 11): the period's figures are frozen once it ends, a commune
approver submits the frozen figures with the narrative, the submission stays as submitted, the province
sees who submitted, reminds the others and compiles its report. Dates come from the clock: the year
reported is the one whose period ended last."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from click.testing import CliRunner
from pypdf import PdfReader
from sqlalchemy import select

from hub.accounts import service as accounts
from hub.accounts.model import Principal
from hub.audit.tables import audit_table
from hub.cli import common
from hub.cli.main import cli
from hub.contacts import service as contacts
from hub.context import Hub
from hub.feedback.config import feedback_config
from hub.feedback.intake import filing
from hub.kit.errors import Conflict, Forbidden, InvalidInput
from hub.kit.time import utcnow
from hub.messaging.tables import message_table
from hub.plugins import load
from hub.reports import service, submissions
from hub.reports.model import Period
from hub.reports.tables import snapshot_table
from tests.hub.reports.helpers import CU_MGAR, EA_KAO, TableReader, sheet_values
from tests.support.web import post_form, text_of

SUBMIT, COMPILE = "/quan-tri/bao-cao/nop", "/quan-tri/bao-cao/tong-hop"
NARRATIVE = {
    "done": "Phường đã phát 1.200 lượt tin trên loa.\nTổ chức 3 lớp tập huấn cho cán bộ.",
    "difficulties": "Hai cụm loa ở buôn xa thường mất kết nối.",
    "proposals": "Đề nghị tỉnh hỗ trợ thay bộ thu phát 4G.",
}


def ended_year() -> int:
    return Period.year_of(utcnow()) - 1


def file_late_case(hub: Hub, year: int, area: str = EA_KAO) -> None:
    """A case received two days before the end of `year`'s period (entered late, say)."""
    with hub.database.uow() as uow:
        citizen = contacts.identify(uow, "web", f"late-report-{utcnow().timestamp()}")
        moment = Period.annual(year).end - timedelta(days=2)
        filing.file_case(
            uow, feedback_config(hub), citizen, "Đường vào buôn bị sạt lở, đề nghị kiểm tra.",
            area_code=area, category="infrastructure", now=moment,
        )  # fmt: skip
        uow.commit()


def freeze(hub: Hub, year: int, reason: str = "Chốt thử", *, area: str | None = None, now: datetime | None = None):
    with hub.database.uow() as uow:
        done = submissions.freeze(uow, Principal.system("cli"), year, reason, area_code=area, now=now)
        uow.commit()
    return done


def frozen_received(hub: Hub, year: int, area: str = EA_KAO) -> int:
    with hub.database.uow(write=False) as uow:
        report = submissions.frozen_report(uow, Principal.system(), area, year)
        assert report is not None
        return report.feedback.received


def live_received(hub: Hub, year: int, area: str = EA_KAO) -> int:
    with hub.database.uow(write=False) as uow:
        return service.build(uow, Principal.system(), area, year).feedback.received


def test_a_period_is_frozen_only_once_it_has_ended_and_with_a_reason(hub: Hub) -> None:
    current = Period.year_of(utcnow())
    with hub.database.uow() as uow:
        system = Principal.system("cli")
        try:
            submissions.freeze(uow, system, current, "Chốt sớm")
            raise AssertionError("a period not ended was frozen")
        except Conflict as exc:
            assert "chưa kết thúc" in exc.detail
        try:
            submissions.freeze(uow, system, ended_year(), "   ")
            raise AssertionError("a freeze without a reason")
        except InvalidInput as exc:
            assert "lý do" in exc.detail
        editor = accounts.principal_for_user(uow, "duyet.tinh", "cli")
        try:
            submissions.freeze(uow, editor, ended_year(), "Không phải quản trị")
            raise AssertionError("an approver froze the figures")
        except Forbidden:
            pass


def test_the_job_freezes_every_commune_once_after_the_14th_and_the_figures_stay_until_frozen_again(hub: Hub) -> None:
    year = ended_year()
    season = Period.annual(year).end  # 15/12 00:00 in Vietnam: the period has just ended
    with hub.database.uow() as uow:
        assert submissions.freeze_when_due(uow, season - timedelta(minutes=1)) == []  # 14/12 23:59: not yet
        assert submissions.freeze_when_due(uow, season - timedelta(days=30)) == []  # mid-November: never
        frozen = submissions.freeze_when_due(uow, season + timedelta(minutes=15))
        uow.commit()
    codes = {f.area_code for f in frozen}
    assert {"66", EA_KAO, CU_MGAR} <= codes and f"{EA_KAO}-001" not in codes  # province and communes, no village
    with hub.database.uow() as uow:
        assert submissions.freeze_when_due(uow, season + timedelta(minutes=30)) == []  # once
    before = frozen_received(hub, year)

    file_late_case(hub, year)
    assert live_received(hub, year) == before + 1
    assert frozen_received(hub, year) == before  # frozen: late data does not move the figures

    freeze(hub, year, "Bổ sung phản ánh nhập muộn", area=EA_KAO)
    assert frozen_received(hub, year) == before + 1
    with hub.database.uow(write=False) as uow:
        eakao = uow.areas.get_by_code(EA_KAO)
        assert eakao is not None
        where = (snapshot_table.c.year == year) & (snapshot_table.c.area_id == eakao.id)
        kept = uow.session.execute(select(snapshot_table.c.current).where(where)).scalars().all()
        assert sorted(kept) == [False, True]  # the older snapshot is kept
        audit = (
            uow.session.execute(select(audit_table.c.reason).where(audit_table.c.action == "report.freeze"))
            .scalars()
            .all()
        )
        assert "Bổ sung phản ánh nhập muộn" in audit


def test_the_command_freezes_again_with_a_reason(hub: Hub, settings) -> None:
    year = ended_year()
    env = {
        "TTCS_DATABASE_URL": settings.sqlalchemy_url,
        "TTCS_VAR_DIR": str(settings.var_dir),
        "TTCS_SECRET_KEY": settings.secret_key,
        "TTCS_LOG_LEVEL": "warning",
    }
    for command in load().cli_commands:
        cli.add_command(command)
    common.hub.cache_clear()
    try:
        runner = CliRunner()
        done = runner.invoke(
            cli, ["report", "freeze", "--year", str(year), "--area", EA_KAO, "--reason", "Nhập bù số liệu"], env=env
        )
        early = runner.invoke(cli, ["report", "freeze", "--year", str(year + 1), "--reason", "Sớm"], env=env)
    finally:
        common.hub().close()
        common.hub.cache_clear()
    assert done.exit_code == 0, done.output
    assert f"Đã chốt số liệu năm {year} của 1 địa bàn." in done.output
    assert early.exit_code == 1 and "chưa kết thúc" in early.output
    assert frozen_received(hub, year) == live_received(hub, year)


def test_a_commune_approver_submits_and_the_submission_stays_as_submitted(hub: Hub, browser) -> None:
    year = ended_year()
    approver = browser("duyet.eakao")
    page = approver.get(SUBMIT, params={"area": EA_KAO, "nam": year})
    assert page.status_code == 200 and "chưa được chốt" in text_of(page.text)
    refused = post_form(approver, SUBMIT, SUBMIT, {"area": EA_KAO, "year": year, **NARRATIVE})
    assert refused.status_code == 409 and "chưa được chốt" in text_of(refused.text)

    freeze(hub, year, area=EA_KAO)
    received = frozen_received(hub, year)
    missing = post_form(approver, SUBMIT, SUBMIT, {"area": EA_KAO, "year": year, **NARRATIVE, "proposals": " "})
    assert missing.status_code == 422 and "Hãy viết phần “Đề xuất, kiến nghị”" in text_of(missing.text)
    assert NARRATIVE["done"].split("\n")[0] in missing.text  # what was typed is kept
    sent = post_form(approver, SUBMIT, SUBMIT, {"area": EA_KAO, "year": year, **NARRATIVE})
    assert sent.status_code == 200, sent.text
    shown = text_of(sent.text)
    assert f"Đã nộp báo cáo năm {year} của Phường Ea Kao" in shown and "Các lần đã nộp (1)" in shown
    (link,) = [x for x in sent.text.split('"') if x.startswith("/quan-tri/bao-cao/ban-nop/") and "html" in x]

    file_late_case(hub, year)
    freeze(hub, year, "Bổ sung", area=EA_KAO)  # the figures move on; the submission does not
    reader = TableReader()
    reader.feed(approver.get(link.replace("&amp;", "&")).text)
    assert reader.tables["summary:Số liệu chính"]["Phản ánh, kiến nghị nhận được"] == [str(received)]
    html = approver.get(link.replace("&amp;", "&")).text
    assert "Hai cụm loa ở buôn xa thường mất kết nối." in html and "Số liệu chốt lúc" in html
    pdf = approver.get(link.replace("format=html", "format=pdf").replace("&amp;", "&"))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "TƯỜNG TRÌNH" in text and "Đề nghị tỉnh hỗ trợ thay bộ thu phát 4G." in text

    again = post_form(approver, SUBMIT, SUBMIT, {"area": EA_KAO, "year": year, **NARRATIVE, "done": "Bản sửa."})
    assert "Các lần đã nộp (2)" in text_of(again.text)
    first = TableReader()
    first.feed(approver.get(link.replace("&amp;", "&")).text)
    assert first.tables["summary:Số liệu chính"]["Phản ánh, kiến nghị nhận được"] == [str(received)]


def test_only_the_communes_approver_submits_its_report(hub: Hub, browser) -> None:
    year = ended_year()
    freeze(hub, year, area=EA_KAO)
    for who in ("duyet.cumgar", "bientap.eakao", "xem.tinh"):
        answer = post_form(browser(who), SUBMIT, SUBMIT, {"area": EA_KAO, "year": year, **NARRATIVE})
        assert answer.status_code == 403, (who, answer.status_code)
    assert browser("duyet.eakao").get(COMPILE).status_code == 403  # the province's page
    other = browser("duyet.cumgar").get(SUBMIT, params={"area": EA_KAO})
    assert other.status_code == 200 and "Xã Cư M" in text_of(other.text)  # their own commune instead


def test_the_province_sees_who_submitted_reminds_the_others_and_compiles(hub: Hub, browser) -> None:
    year = ended_year()
    for area in ("66", EA_KAO, CU_MGAR):
        freeze(hub, year, area=area)
    post_form(browser("duyet.eakao"), SUBMIT, SUBMIT, {"area": EA_KAO, "year": year, **NARRATIVE})
    province = browser("duyet.tinh")
    page = province.get(COMPILE, params={"nam": year})
    assert page.status_code == 200
    rows = {line.split('data-commune="')[1][:5]: line for line in page.text.split("<tr")[1:] if "data-commune" in line}
    assert "đã nộp" in text_of(rows[EA_KAO]) and "chưa nộp" in text_of(rows[CU_MGAR])
    early = province.get(f"{COMPILE}/tai-ve", params={"nam": year, "format": "pdf"})
    assert early.status_code == 409 and "Tỉnh chưa nộp phần tường trình" in text_of(early.text)

    reminded = post_form(province, COMPILE, f"{COMPILE}/nhac", {"year": year})
    assert reminded.status_code == 200 and "Đã nhắc" in text_of(reminded.text)
    with hub.database.uow(write=False) as uow:
        cumgar = uow.users.get_by_username("duyet.cumgar")
        eakao = uow.users.get_by_username("duyet.eakao")
        assert cumgar is not None and eakao is not None
        told = uow.session.execute(
            select(message_table.c.user_id, message_table.c.text).where(message_table.c.reference == f"bao-cao-{year}")
        ).all()
    assert cumgar.id in {u for u, _ in told} and eakao.id not in {u for u, _ in told}
    assert all(f"18/12/{year}" in text for _, text in told)
    assert "đã nhắc" in text_of(province.get(COMPILE, params={"nam": year}).text)

    own = {"done": "Toàn tỉnh đã triển khai hệ thống.", "difficulties": "Kinh phí hạn chế.", "proposals": "Bổ sung."}
    post_form(province, SUBMIT, SUBMIT, {"area": "66", "year": year, **own})
    compiled = province.get(f"{COMPILE}/tai-ve", params={"nam": year, "format": "html"})
    assert compiled.status_code == 200
    html = compiled.text
    assert "Toàn tỉnh đã triển khai hệ thống." in html and "Phường Ea Kao — Khó khăn, vướng mắc" in html
    assert "Hai cụm loa ở buôn xa thường mất kết nối." in html
    xlsx = province.get(f"{COMPILE}/tai-ve", params={"nam": year, "format": "xlsx"})
    sheets = sheet_values(xlsx.content)
    assert "Báo cáo của các xã" in sheets and "Tường trình" in sheets
    assert any(str(k).startswith("Phường Ea Kao") for k in sheets["Báo cáo của các xã"])
    pdf = province.get(f"{COMPILE}/tai-ve", params={"nam": year, "format": "pdf"})
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "BÁO CÁO CỦA CÁC XÃ" in text and "Đề nghị tỉnh hỗ trợ thay bộ thu phát 4G." in text
    with hub.database.uow(write=False) as uow:
        actions = set(uow.session.execute(select(audit_table.c.action)).scalars())
    assert {"report.submit", "report.remind", "report.compile"} <= actions


def test_the_report_shows_the_targets_against_the_earlier_years_frozen_figures(hub: Hub) -> None:
    """Issue 18, item 12: the trend comes from each earlier year's snapshot, as frozen then."""
    year = ended_year()
    with hub.database.uow(write=False) as uow:
        alone = service.build(uow, Principal.system(), EA_KAO, year)
    assert alone.trend == []  # nothing frozen before: no trend table, no trend chart
    assert alone.targets[0].label == "Thông tin thiết yếu được cung cấp trên hệ thống thông tin nguồn"
    assert alone.targets[0].detail == f"{alone.bulletins.from_source}/{alone.bulletins.total} tin"

    file_late_case(hub, year - 1)
    freeze(hub, year - 2, area=EA_KAO)
    freeze(hub, year - 1, area=EA_KAO)
    with hub.database.uow(write=False) as uow:
        report = service.build(uow, Principal.system(), EA_KAO, year)
        earlier = submissions.frozen_report(uow, Principal.system(), EA_KAO, year - 1)
    assert earlier is not None
    assert [p.year for p in report.trend] == [year - 2, year - 1]
    handled = "Phản ánh, kiến nghị của người dân được tiếp nhận, xử lý"
    assert dict(report.trend[1].values)[handled] == next(t.value for t in earlier.targets if t.label == handled)

    html = service.render(report, "html").content.decode()
    reader = TableReader()
    reader.feed(html)
    trend = reader.tables["summary:Xu hướng qua các năm"]
    assert len(trend[handled]) == 3 and trend[handled][1] == "0,0 %"  # the late case, not answered
    assert len(reader.images) == 6  # the trend chart as well
    sheets = sheet_values(service.render(report, "xlsx").content)
    assert "Xu hướng qua các năm" in sheets["Tổng hợp"]
