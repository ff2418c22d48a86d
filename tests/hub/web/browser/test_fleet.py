"""A device operator's morning in a real browser: the devices page shows which loudspeaker is down,
on a map drawn without tiles; the operator lowers a loudspeaker's volume; the week calendar shows
the programme with a conflict; the operating rules. The screenshots illustrate the handbook."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from playwright.sync_api import expect

from hub.bootstrap import build_hub
from hub.devices import health
from tests.hub.web.browser.conftest import PHONE, overflows, shot, sign_in
from tests.support.demo_devices import TOKENS
from tests.support.settings import DEMO_PASSWORD, settings_for

UBND, BUON = "860001000000011", "860001000000012"


def heartbeat(base: str, imei: str, state: str = "idle") -> None:
    body = {"device_id": imei, "sent_at": datetime.now(UTC).isoformat(), "operating_state": state, "volume": 70}
    headers = {"Authorization": f"Bearer {TOKENS['sqlite'][imei]}"}  # browser tests run on SQLite
    httpx.post(f"{base}/api/v1/device/heartbeat", json=body, headers=headers).raise_for_status()


def silence(database: Path, var_dir: Path) -> None:
    """The health job's sweep, run against the server's database (its worker is off in these tests)."""
    hub = build_hub(settings_for(f"sqlite:///{database}", var_dir))
    try:
        with hub.database.uow() as uow:
            health.sweep(uow, timedelta(0), datetime.now(UTC) + timedelta(seconds=1))
            uow.commit()
    finally:
        hub.close()


def api_login(base: str, username: str) -> dict[str, str]:
    token = httpx.post(f"{base}/api/v1/auth/token", data={"username": username, "password": DEMO_PASSWORD})
    return {"Authorization": f"Bearer {token.raise_for_status().json()['access_token']}"}


def priority_bulletin(base: str, title: str) -> None:
    editor, approver = api_login(base, "bientap.eakao"), api_login(base, "duyet.eakao")
    body = {"title": title, "body": f"{title}. Bà con lưu ý.", "category": "local_affairs", "priority": "priority"}
    made = httpx.post(f"{base}/api/v1/bulletins", json={**body, "target_codes": ["24169"]}, headers=editor)
    bid = made.raise_for_status().json()["id"]
    httpx.post(f"{base}/api/v1/bulletins/{bid}/submit", headers=editor).raise_for_status()
    httpx.post(f"{base}/api/v1/bulletins/{bid}/approve", headers=approver).raise_for_status()


def test_operator_finds_the_offline_loudspeaker_sends_a_volume_command_and_reads_the_week(open_page, server, tmp_path):
    heartbeat(server.url, BUON)
    silence(tmp_path / "ttcs.sqlite3", tmp_path)
    heartbeat(server.url, UBND, "playing")
    priority_bulletin(server.url, "Phòng cháy rừng mùa khô")  # collides with the demo's priority bulletin

    page = open_page()
    sign_in(page, "vanhanh.eakao")
    page.get_by_role("navigation", name="Chức năng chính").get_by_role("link", name="Thiết bị").click()
    expect(page.get_by_role("heading", name="Thiết bị", exact=True)).to_be_visible()
    down = page.get_by_role("row").filter(has_text="Cụm loa Buôn Ea Kao")
    expect(down).to_contain_text("Mất kết nối")
    expect(page.get_by_role("row").filter(has_text="Cụm loa UBND phường Ea Kao")).to_contain_text("Đang phát")
    expect(page.get_by_role("img", name="Vị trí 3 thiết bị theo tọa độ")).to_be_visible()
    shot(page, "thiet-bi", handbook=True)

    page.get_by_label("Tình trạng", exact=True).select_option("offline")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_text("1 thiết bị.")).to_be_visible()
    page.get_by_role("link", name="Cụm loa Buôn Ea Kao").first.click()
    expect(page.get_by_role("heading", name="Cụm loa Buôn Ea Kao")).to_contain_text("Mất kết nối")
    page.get_by_label("Âm lượng (0–100)").fill("40")
    page.get_by_role("button", name="Đặt âm lượng").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi lệnh đặt âm lượng 40.")
    commands = page.locator("section", has=page.get_by_role("heading", name="Lệnh đã gửi"))
    expect(commands).to_contain_text("Đặt âm lượng 40")
    expect(commands).to_contain_text("Đang chờ thiết bị nhận")
    shot(page, "thiet-bi-chi-tiet", handbook=True)

    page.get_by_role("navigation", name="Chức năng chính").get_by_role("link", name="Lịch phát").click()
    expect(page.get_by_role("heading", name="Lịch phát — Phường Ea Kao")).to_be_visible()
    page.get_by_role("link", name="Tuần sau →").click()
    clashes = page.locator("section", has=page.get_by_role("heading", name="Xung đột trong tuần"))
    expect(clashes).to_contain_text("Cần sắp thứ tự tin ưu tiên")
    clash = page.locator(".day li.conflict").filter(has_text="Phòng cháy rừng mùa khô").first
    expect(clash).to_contain_text("Cần sắp thứ tự tin ưu tiên")
    shot(page, "lich-phat-tuan", handbook=True)

    page.get_by_role("link", name="Quy chế phát").click()
    expect(page.get_by_role("heading", name="Sửa quy chế")).to_be_visible()
    page.get_by_label("Âm lượng tối đa (0–100)").fill("75")
    page.get_by_role("button", name="Lưu quy chế").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu quy chế phát.")
    shot(page, "quy-che-phat", handbook=True)


def test_device_and_programme_pages_fit_a_phone(open_page):
    page = open_page(PHONE)
    sign_in(page, "vanhanh.eakao")
    for path in ("/quan-tri/thiet-bi", f"/quan-tri/thiet-bi/{UBND}", "/quan-tri/lich-phat/24169",
                 "/quan-tri/lich-phat/24169/quy-che", "/quan-tri/tu-dien-cach-doc"):  # fmt: skip
        page.goto(path)
        assert not overflows(page), path
    page.goto("/quan-tri/thiet-bi")
    shot(page, "thiet-bi-dien-thoai")


def test_an_admin_edits_the_lexicon_and_hears_an_entry(open_page):
    page = open_page()
    sign_in(page, "admin", "admin-password-1")
    page.goto("/quan-tri/tu-dien-cach-doc")
    page.get_by_label("Từ viết tắt hoặc tên riêng").fill("NVH")
    page.get_by_label("Đọc là").fill("nhà văn hóa")
    page.get_by_role("button", name="Lưu cách đọc").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu: “NVH” đọc là “nhà văn hóa”.")
    player = page.get_by_label("Nghe thử NVH")
    duration = player.evaluate(
        """el => new Promise((ok, fail) => { el.addEventListener('loadedmetadata', () => ok(el.duration));
               el.addEventListener('error', () => fail('audio error')); el.load(); })"""
    )
    assert duration > 0.3
    shot(page, "tu-dien-cach-doc", handbook=True)
