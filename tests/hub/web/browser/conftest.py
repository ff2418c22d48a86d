"""Browser tests: the system's Chromium (Debian `chromium`) driven by Playwright against a real
`ttcs serve` on a free loopback port, on a copy of the seeded SQLite template. Screenshots go to
`test-artifacts/web/` (git-ignored); those the handbook shows also to `docs/huong-dan/anh/`."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from tests.support.clock import real_clock_env
from tests.support.server import ROOT, Server
from tests.support.settings import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=vi-VN",  # dates in inputs as Vietnamese officials see them (dd/mm/yyyy)
]
ARTIFACTS = ROOT / "test-artifacts" / "web"
HANDBOOK_IMAGES = ROOT / "docs" / "huong-dan" / "anh"
DESKTOP = {"width": 1100, "height": 760}
PHONE = {"width": 360, "height": 740}
# How long a click, a navigation or an expectation may wait: a cap, not a pause (a passing step returns as
# soon as it can). Generous, because the suite runs in several processes on two cores and a report or a
# PDF can take most of a minute there.
PATIENCE_MS = 60_000
expect.set_options(timeout=PATIENCE_MS)


@pytest.fixture(scope="package")
def playwright_driver() -> Iterator[Playwright]:
    """This package's one Playwright, from which every browser test here launches its Chromium.

    Two things about Playwright's sync API shape this fixture. A second `sync_playwright()` in the same
    thread fails while another runs ("Sync API inside the asyncio loop"), so the tests here share one.
    And while it runs, its event loop stays set as the thread's running loop, so any later test calling
    `asyncio.run()` fails: it lives only as long as this package, never the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def chromium(playwright_driver: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs the Debian package `chromium`")
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=ARGS, env=real_clock_env()
    )
    yield browser
    browser.close()


@pytest.fixture
def server(templates: dict[str, str], tmp_path: Path) -> Iterator[Server]:
    """A real hub process on its own copy of the demo database (browser tests run on SQLite only)."""
    if "sqlite" not in templates:
        pytest.skip("browser tests run on SQLite (TTCS_TEST_BACKENDS has no sqlite)")
    database = tmp_path / "ttcs.sqlite3"
    shutil.copyfile(templates["sqlite"], database)
    env = {
        "TTCS_DATABASE_URL": f"sqlite:///{database}",
        "TTCS_VAR_DIR": str(tmp_path),
        "TTCS_SECRET_KEY": "browser-test-secret-key-of-some-length",
        "TTCS_EMBEDDED_WORKER": "false",
        "TTCS_LOG_LEVEL": "warning",
    }
    running = Server(env, tmp_path / "server.log", "--no-migrate").start()
    yield running
    running.stop()


@pytest.fixture
def open_page(chromium: Browser, server: Server) -> Iterator[Callable[..., Page]]:
    """`open_page(viewport=PHONE)` → a page in a fresh browser context (its own cookies)."""
    contexts = []

    def make(viewport: dict[str, int] = DESKTOP) -> Page:
        context = chromium.new_context(
            base_url=server.url, viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
        )
        context.set_default_timeout(PATIENCE_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/quan-tri/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/quan-tri/**")


def microphone_args(tmp_path: Path, tone: int) -> list[str]:
    """Chromium's arguments for a fake microphone that plays a `tone` (Hz) for 30 s, allowed without
    asking: the live broadcast and the recording tests then find that tone in what the hub kept."""
    microphone = tmp_path / "micro.wav"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=frequency={tone}:sample_rate=48000:duration=30", "-ac", "1", str(microphone)],
                   check=True)  # fmt: skip
    return ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={microphone}"]  # fmt: skip


def shot(page: Page, name: str, *, handbook: bool = False) -> None:
    """A full-page screenshot as a test artefact; with TTCS_UPDATE_HANDBOOK=1 (`make handbook`) the
    ones the handbook shows are also copied into it, so a plain test run leaves the tree clean."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if handbook and os.environ.get("TTCS_UPDATE_HANDBOOK") == "1":
        HANDBOOK_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, HANDBOOK_IMAGES / f"{name}.png")


def overflows(page: Page) -> bool:
    """True when the page is wider than the screen (it would scroll sideways on a phone)."""
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"))
