"""The e-board page in headless Chromium: bulletins in large Vietnamese type with a ticker and a
clock, an emergency that takes the whole screen and gives it back by itself, a relay and a live
broadcast it plays (and logs) while the manifest carries them, and the page still there with the
last bulletins when the network is gone. Screenshots go to test-artifacts/."""

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Playwright, expect, sync_playwright

from hub.kit.time import VN_TZ
from tests.support.clock import real_clock_env
from tests.support.device_api import EA_KAO
from tests.support.players import Hub, wait_for

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "eboard"
RADIO = "http://127.0.0.1:9"  # the streaming server as devices reach it: the page test needs none running


@pytest.fixture
def playwright_driver() -> Iterator[Playwright]:
    """Its own Playwright, stopped when the test ends: a running one leaves its event loop set as the
    thread's running loop, which breaks every later test that calls `asyncio.run()`."""
    with sync_playwright() as driver:
        yield driver


@pytest.mark.slow
def test_the_eboard_shows_bulletins_an_emergency_takeover_and_works_offline(
    playwright_driver, database_url, tmp_path, hubs, backend
):
    hub = Hub(database_url, tmp_path, TTCS_STREAM_PUBLIC_URL=RADIO).start()
    hubs.append(hub)
    operator, approver = hub.login("vanhanh.eakao"), hub.login("duyet.eakao")
    token = hub.api("POST", "/devices", operator, json={"imei": "EK-BOARD-1", "kind": "eboard",
                                                        "area_code": EA_KAO}).json()["token"]  # fmt: skip
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=ARGS, env=real_clock_env()
    )
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{hub.url}/eboard/#token={token}")
    expect(page.locator("#place")).to_have_text("Phường Ea Kao", timeout=20_000)
    expect(page.locator("#title")).to_have_text("Phòng chống sốt xuất huyết trong mùa mưa")  # priority first
    expect(page.locator("#badge")).to_have_text("Ưu tiên")
    expect(page.locator("#ticker")).to_contain_text("Lịch tiêm chủng mở rộng cho trẻ")  # a demo bulletin
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

    # A relay window open now: the board says what it relays, plays the hub's mount, and goes
    # back to its bulletins when the window leaves the programme.
    admin = hub.login("admin", "admin-password-1")
    relay = hub.api("POST", "/relays", admin, json={"name": "VOV1", "upstream_url": "http://vov.test/vov1",
                                                    "area_code": "66"}).json()  # fmt: skip
    local = datetime.now(VN_TZ)
    window = hub.api("POST", "/relays/windows", admin, json={
        "source_id": relay["id"], "area_code": EA_KAO,
        "starts": f"{local - timedelta(minutes=2):%H:%M}", "ends": f"{local + timedelta(minutes=30):%H:%M}",
    }).json()  # fmt: skip
    stream, audio = page.locator("#stream"), page.locator("#stream-audio")
    expect(stream).to_be_visible(timeout=30_000)
    expect(page.locator("#stream-label")).to_have_text("Đang tiếp sóng")
    expect(page.locator("#stream-title")).to_have_text("VOV1")
    expect(audio).to_have_attribute("src", f"{RADIO}{relay['mount']}")
    expect(page.locator("#slide")).to_be_hidden()
    page.screenshot(path=ARTIFACTS / f"relay-{backend}.png")
    assert hub.api("DELETE", f"/relays/windows/{window['id']}", admin).status_code == 204
    expect(stream).to_be_hidden(timeout=30_000)
    expect(page.locator("#slide")).to_be_visible()
    assert audio.get_attribute("src") is None

    # A live broadcast: on screen and on the speaker while it lasts, gone when the operator stops.
    started = hub.api("POST", "/live", approver, json={"area_codes": [EA_KAO], "interrupt": False,
                                                       "title": "Ban chỉ huy phòng chống thiên tai"})  # fmt: skip
    assert started.status_code == 201, started.text
    broadcast = started.json()["broadcast"]
    expect(stream).to_be_visible(timeout=30_000)
    expect(page.locator("#stream-label")).to_have_text("Đang phát trực tiếp")
    expect(page.locator("#stream-title")).to_have_text("Ban chỉ huy phòng chống thiên tai")
    expect(audio).to_have_attribute("src", f"{RADIO}{broadcast['mount']}")
    page.screenshot(path=ARTIFACTS / f"live-{backend}.png")
    assert hub.api("POST", f"/live/{broadcast['id']}/stop", approver).status_code == 200
    expect(stream).to_be_hidden(timeout=30_000)
    expect(page.locator("#slide")).to_be_visible()

    def logged() -> dict[str, str]:
        found = hub.api("GET", "/devices/EK-BOARD-1/playlog", operator).json()
        return {e["item_id"].split(":")[0]: e["result"] for e in found if e["detail"] in ("relay", "live")}

    wait_for(lambda: logged() == {"relay": "stopped", "live": "stopped"}, 30, "the board's play log of both")

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
