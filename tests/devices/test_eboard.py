"""The e-board page in headless Chromium: bulletins in large Vietnamese type with a ticker and a
clock, an emergency that takes the whole screen and gives it back by itself, and the page still
there with the last bulletins when the network is gone. Screenshots go to test-artifacts/."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.support.clock import real_clock_env
from tests.support.device_api import EA_KAO
from tests.support.players import Hub, wait_for

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "eboard"


@pytest.mark.slow
def test_the_eboard_shows_bulletins_an_emergency_takeover_and_works_offline(database_url, tmp_path, hubs, backend):
    hub = Hub(database_url, tmp_path).start()
    hubs.append(hub)
    operator, approver = hub.login("vanhanh.eakao"), hub.login("duyet.eakao")
    token = hub.api("POST", "/devices", operator, json={"imei": "EK-BOARD-1", "kind": "eboard",
                                                        "area_code": EA_KAO}).json()["token"]  # fmt: skip
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS, env=real_clock_env())
        context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN")
        page = context.new_page()
        page.goto(f"{hub.url}/eboard/#token={token}")
        expect(page.locator("#place")).to_have_text("Phường Ea Kao", timeout=20_000)
        expect(page.locator("#title")).to_have_text("Phòng chống sốt xuất huyết trong mùa mưa")  # priority first
        expect(page.locator("#badge")).to_have_text("Ưu tiên")
        expect(page.locator("#ticker")).to_contain_text("Lịch tiêm chủng mở rộng tháng 12/2026")
        expect(page.locator("#clock")).to_have_text(re.compile(r"^\d\d:\d\d$"))
        assert "token" not in page.url  # the token does not stay on screen
        wait_for(
            lambda: hub.api("GET", "/devices/EK-BOARD-1", operator).json()["state"] == "online",
            20,
            "the board's heartbeat",
        )
        page.screenshot(path=ARTIFACTS / f"bulletins-{backend}.png")

        emergency = hub.api("POST", "/bulletins/emergency", approver, json={
            "title": "Khẩn cấp: bão số 5 đổ bộ", "body": "Bà con chằng chống nhà cửa, không ra đồng.",
            "category": "disaster_emergency", "target_codes": [EA_KAO],
        }).json()["id"]  # fmt: skip
        takeover = page.locator("#emergency")
        expect(takeover).to_be_visible(timeout=30_000)
        expect(page.locator("#emergency-title")).to_have_text("Khẩn cấp: bão số 5 đổ bộ")
        page.screenshot(path=ARTIFACTS / f"emergency-{backend}.png")

        withdrawn = hub.api("POST", f"/bulletins/{emergency}/withdraw", approver, json={"reason": "Bão đã suy yếu"})
        assert withdrawn.status_code == 200
        expect(takeover).to_be_hidden(timeout=30_000)  # reverts by itself
        expect(page.locator("#title")).not_to_have_text("Đang tải bản tin…")

        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        wait_for(lambda: page.evaluate("!!navigator.serviceWorker.controller") or (page.reload() and False), 20,
                 "the service worker controls the page")  # fmt: skip
        context.set_offline(True)
        page.reload()
        expect(page.locator("#place")).to_have_text("Phường Ea Kao", timeout=20_000)
        expect(page.locator("#title")).to_have_text("Phòng chống sốt xuất huyết trong mùa mưa")
        expect(page.locator("#status")).to_contain_text("Mất kết nối", timeout=20_000)
        page.screenshot(path=ARTIFACTS / f"offline-{backend}.png")
        context.set_offline(False)
        browser.close()
    device = hub.api("GET", "/devices/EK-BOARD-1", operator).json()
    assert device["app_version"] == "eboard-web/1"
