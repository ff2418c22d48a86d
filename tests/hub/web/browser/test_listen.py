"""Issue 15, sections 3 and 4 in a real browser, on a PC and on a small phone (360×740): "Nghe thử"
on the compose page shows the spoken text and plays; an approver chooses the commune's languages;
a bulletin's page lists its languages; a citizen listens on the portal."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.hub.web.browser.conftest import DESKTOP, PHONE, overflows, shot, sign_in
from tests.support.server import Server
from tests.support.settings import DEMO_PASSWORD

# The player has read the file's header (a player with preload="none" is asked to load it first).
PLAYABLE = (
    "el => { if (el.readyState < 1 && !el.dataset.asked) { el.dataset.asked = '1'; el.preload = 'metadata'; "
    "el.load(); } return el.readyState >= 1 && el.duration > 0; }"
)


@pytest.fixture
def server(templates: dict[str, str], tmp_path: Path) -> Iterator[Server]:
    """The browser tests' hub, with its worker on: the demo's bulletins get their audio."""
    if "sqlite" not in templates:
        pytest.skip("browser tests run on SQLite (TTCS_TEST_BACKENDS has no sqlite)")
    database = tmp_path / "ttcs.sqlite3"
    shutil.copyfile(templates["sqlite"], database)
    env = {
        "TTCS_DATABASE_URL": f"sqlite:///{database}",
        "TTCS_VAR_DIR": str(tmp_path),
        "TTCS_SECRET_KEY": "browser-test-secret-key-of-some-length",
        "TTCS_EMBEDDED_WORKER": "true",
        "TTCS_WORKER_POLL_SECONDS": "0.2",
        "TTCS_LOG_LEVEL": "warning",
    }
    running = Server(env, tmp_path / "server.log", "--no-migrate").start()
    yield running
    running.stop()


def _listen_on_compose(page: Page, name: str) -> None:
    page.goto("/quan-tri/tin/moi")
    page.get_by_label("Tiêu đề").first.fill("Họp dân về đường liên thôn")
    page.get_by_label("Nội dung (tiếng Việt, dùng để đọc trên loa)").fill(
        "UBND phường họp lúc 7h30 ngày 20/01 tại nhà văn hóa tổ dân phố 3. Kinh phí 1,5 tỷ đồng."
    )
    page.get_by_role("button", name="Nghe thử").click()
    expect(page.get_by_text("Máy sẽ đọc")).to_be_visible(timeout=90_000)
    expect(page.locator("#nghe-thu-soan .spoken")).to_contain_text("bảy giờ ba mươi phút")
    expect(page.get_by_role("link", name="thêm cách đọc vào từ điển")).to_be_visible()
    player = page.locator("#nghe-thu-soan audio")
    player.scroll_into_view_if_needed()
    page.wait_for_function(f"() => ({PLAYABLE})(document.querySelector('#nghe-thu-soan audio'))", timeout=30_000)
    assert not overflows(page)
    shot(page, name, handbook=True)


def test_nghe_thu_on_a_pc_and_on_a_phone(open_page):
    desktop = open_page(DESKTOP)
    sign_in(desktop, "bientap.eakao")
    _listen_on_compose(desktop, "nghe-thu-soan-tin")
    phone = open_page(PHONE)
    sign_in(phone, "duyet.eakao")
    _listen_on_compose(phone, "nghe-thu-dien-thoai")


def _published_with_audio(server: Server) -> int:
    """A bulletin of Phường Ea Kao published through the API, once its audio is made (the demo's
    bulletins have none: the seed skips rendering)."""

    def token(username: str) -> dict[str, str]:
        answer = httpx.post(f"{server.url}/api/v1/auth/token", data={"username": username, "password": DEMO_PASSWORD})
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    editor, approver = token("bientap.eakao"), token("duyet.eakao")
    body = {"title": "Tiêm phòng cho trâu bò", "body": "Sáng thứ bảy, cán bộ thú y đến từng buôn tiêm phòng.",
            "category": "local_affairs", "target_codes": ["24169"],
            "variants": [{"lang": "ede", "title": "Klei mđar", "body": "Klei mđar kơ ană buôn."}]}  # fmt: skip
    bid = httpx.post(f"{server.url}/api/v1/bulletins", json=body, headers=editor).json()["id"]
    httpx.post(f"{server.url}/api/v1/bulletins/{bid}/submit", headers=editor).raise_for_status()
    httpx.post(f"{server.url}/api/v1/bulletins/{bid}/approve", headers=approver).raise_for_status()
    deadline = time.monotonic() + 120
    while True:
        status = httpx.get(f"{server.url}/api/v1/bulletins/{bid}/audio/status", headers=editor).json()
        if any(s["lang"] == "vi" and s["status"] == "ready" for s in status):
            return bid
        assert time.monotonic() < deadline, f"the bulletin's audio was never rendered: {status}"
        time.sleep(0.5)


def test_an_approver_orders_the_languages_and_a_citizen_listens_on_the_portal(open_page, server):
    bid = _published_with_audio(server)
    page = open_page(DESKTOP)
    sign_in(page, "duyet.eakao")
    page.goto("/quan-tri/ngon-ngu-phat")
    page.get_by_label("Tiếng Việt", exact=True).select_option("1")
    page.get_by_label("Tiếng Ê Đê", exact=True).select_option("2")
    page.get_by_role("button", name="Lưu thứ tự phát").click()
    expect(page.get_by_text("Đang phát: tiếng Việt → tiếng Ê Đê")).to_be_visible()
    shot(page, "ngon-ngu-phat", handbook=True)

    page.goto(f"/quan-tri/tin/{bid}")
    expect(page.get_by_role("heading", name="Âm thanh và ngôn ngữ")).to_be_visible()
    expect(page.get_by_text("Tin này chỉ phát tiếng Việt")).to_be_visible()  # no Ê Đê recording yet
    page.wait_for_function(f"() => ({PLAYABLE})(document.querySelector('#panel-audio audio'))", timeout=30_000)
    shot(page, "am-thanh-ngon-ngu", handbook=True)

    citizen = open_page(PHONE)
    citizen.goto(f"/xa/24169/tin/{bid}")
    expect(citizen.get_by_text("Nghe bản tiếng Việt")).to_be_visible()
    citizen.wait_for_function(f"() => ({PLAYABLE})(document.querySelector('.listen audio'))", timeout=30_000)
    assert not overflows(citizen)
    shot(citizen, "cong-thong-tin-nghe", handbook=True)
