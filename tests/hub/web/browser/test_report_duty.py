"""The reporting duty in a real browser (issue 18, item 11): after the period's figures are frozen, a
commune's approver submits the report on one screen (a phone, a desktop); the province, on the other,
sees who submitted, reminds the others and downloads the compiled report. The screenshots illustrate the handbook."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from hub.kit.time import VN_TZ, utcnow
from hub.reports.model import Period
from tests.hub.web.browser.conftest import DESKTOP, PHONE, overflows, shot, sign_in
from tests.support.server import ROOT, TTCS


def freeze(server, year: int) -> None:
    """What the job does after 14/12 23:59, run as the command an admin uses to do it again."""
    done = subprocess.run(
        [TTCS, "report", "freeze", "--year", str(year), "--reason", "Chốt số liệu cuối kỳ"],
        env=server.env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("on", "other"), [(PHONE, DESKTOP), (DESKTOP, PHONE)], ids=["commune-phone", "commune-desktop"]
)
def test_a_commune_submits_and_the_province_compiles_on_the_other_screen(open_page, server, on, other):
    year = Period.year_of(utcnow()) - 1
    freeze(server, year)
    pictures = on == PHONE  # the handbook shows the commune's phone and the province's desktop

    commune = open_page(viewport=on)
    sign_in(commune, "duyet.eakao")
    commune.goto("/quan-tri/bao-cao")
    commune.get_by_role("link", name="Nộp báo cáo năm").click()
    expect(commune.get_by_role("heading", name="Số liệu đã chốt: Phường Ea Kao")).to_be_visible()
    commune.get_by_label("Kết quả đã thực hiện").fill("Phường đã phát tin trên loa hằng ngày, tổ chức 2 lớp tập huấn.")
    commune.get_by_label("Khó khăn, vướng mắc").fill("Hai cụm loa ở buôn xa thường mất kết nối.")
    commune.get_by_label("Đề xuất, kiến nghị").fill("Đề nghị tỉnh hỗ trợ thay bộ thu phát 4G.")
    assert not overflows(commune)
    shot(commune, "nop-bao-cao-nam", handbook=pictures)
    commune.get_by_role("button", name="Nộp báo cáo").click()
    expect(commune.get_by_role("status")).to_contain_text(f"Đã nộp báo cáo năm {year} của Phường Ea Kao")
    expect(commune.locator("#da-nop")).to_contain_text("Các lần đã nộp (1)")
    assert not overflows(commune)

    province = open_page(viewport=other)
    sign_in(province, "duyet.tinh")
    province.goto("/quan-tri/bao-cao")
    province.get_by_role("link", name="Tổng hợp báo cáo của các xã").click()
    expect(province.locator('tr[data-commune="24169"]')).to_contain_text("đã nộp")
    expect(province.locator('tr[data-commune="24280"]')).to_contain_text("chưa nộp")
    province.get_by_role("button", name="xã, phường chưa nộp").click()
    expect(province.get_by_role("status")).to_contain_text("Đã nhắc")
    expect(province.locator('tr[data-commune="24280"]')).to_contain_text("đã nhắc")
    assert not overflows(province)
    shot(province, "tong-hop-bao-cao-nam", handbook=pictures)

    province.get_by_role("link", name="viết và nộp phần tường trình của tỉnh").click()
    province.get_by_label("Kết quả đã thực hiện").fill("Toàn tỉnh đã đưa hệ thống thông tin cơ sở vào sử dụng.")
    province.get_by_label("Khó khăn, vướng mắc").fill("Kinh phí duy trì còn hạn chế.")
    province.get_by_label("Đề xuất, kiến nghị").fill("Đề nghị Bộ hỗ trợ kinh phí.")
    province.get_by_role("button", name="Nộp báo cáo").click()
    expect(province.get_by_role("status")).to_contain_text("Đã nộp báo cáo năm")
    province.goto(f"/quan-tri/bao-cao/tong-hop?nam={year}")
    expect(province.locator("#tong-hop")).to_contain_text("đã nộp lúc")
    assert not overflows(province)
    kind = "pdf" if other == DESKTOP else "xlsx"  # the PDF once: it takes a few seconds
    province.get_by_label("Định dạng").select_option(kind)
    with province.expect_download(timeout=90_000) as download:
        province.get_by_role("button", name="Tải báo cáo tổng hợp").click(timeout=90_000)
    assert download.value.suggested_filename == f"bao-cao-ttcs-{year}-66.{kind}"


def test_an_approver_records_a_training_course(open_page):
    page = open_page()
    sign_in(page, "duyet.eakao")
    page.goto("/quan-tri/bao-cao")
    page.get_by_role("link", name="Tập huấn cán bộ").click()
    page.get_by_label("Tên lớp").fill("Biên soạn tin cho loa truyền thanh")
    page.get_by_label("Ngày tập huấn").fill(utcnow().astimezone(VN_TZ).date().isoformat())
    page.get_by_label("Nguyễn Thị Hoa (bientap.eakao)").check()
    page.get_by_label("Y Bhim Niê (duyet.eakao)").check()
    page.get_by_role("button", name="Ghi lớp").click()
    expect(page.get_by_role("status")).to_contain_text("2 cán bộ dự")
    expect(page.locator("#chi-tieu")).to_contain_text("Đã tập huấn 2/")
    shot(page, "tap-huan-can-bo", handbook=True)
