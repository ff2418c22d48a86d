"""Issue 15, §3: an official records a language variant in the browser (MediaRecorder, the page's
"Ghi âm" button) on the bulletin's page, with Chromium's fake microphone playing a tone; the hub
keeps it as that language's audio and what it keeps carries the microphone's tone."""

import subprocess

import pytest

from tests.hub.web.browser.conftest import ARGS, CHROMIUM, DESKTOP, microphone_args, sign_in
from tests.support.clock import real_clock_env
from tests.support.players import Hub, hubs, wait_for  # noqa: F401  # hubs: a fixture
from tests.support.tones import dominant_frequency

TONE = 660
EA_KAO = "24169"
pytestmark = pytest.mark.slow


def test_an_official_records_the_ede_variant_in_the_browser(playwright_driver, database_url, tmp_path, hubs):  # noqa: F811
    if not database_url.startswith("sqlite"):
        pytest.skip("browser tests run on SQLite")
    fake = microphone_args(tmp_path, TONE)
    hub = Hub(database_url, tmp_path)
    hubs.append(hub)
    hub.server.start(timeout=180)
    approver = hub.login("duyet.eakao")
    created = hub.api("POST", "/bulletins", hub.login("bientap.eakao"), json={
        "title": "Tiêm phòng cho trâu bò", "body": "Sáng thứ bảy cán bộ thú y đến từng buôn.",
        "category": "local_affairs", "priority": "normal", "target_codes": [EA_KAO],
        "variants": [{"lang": "ede", "title": "Klei mđar", "body": "Klei mđar kơ ană buôn."}]})  # fmt: skip
    assert created.status_code == 201, created.text
    bid = created.json()["id"]
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=[*ARGS, *fake],
                                          env=real_clock_env())  # fmt: skip
    try:

        def signed_in(username: str):
            context = chromium.new_context(base_url=hub.url, viewport=DESKTOP, locale="vi-VN",
                                           timezone_id="Asia/Ho_Chi_Minh", permissions=["microphone"])  # fmt: skip
            context.set_default_timeout(20_000)
            page = context.new_page()
            sign_in(page, username)
            return context, page

        _, page = signed_in("duyet.eakao")
        page.goto(f"/quan-tri/ngon-ngu-phat?xa={EA_KAO}")  # Ea Kao broadcasts Vietnamese, then Ê Đê
        page.locator("#pos-vi").select_option("1")
        page.locator("#pos-ede").select_option("2")
        page.get_by_role("button", name="Lưu thứ tự phát").click()
        page.wait_for_load_state()
        assert hub.api("POST", f"/bulletins/{bid}/submit", hub.login("bientap.eakao")).status_code == 200
        assert hub.api("POST", f"/bulletins/{bid}/approve", approver).status_code == 200

        context, page = signed_in("bientap.eakao")  # the editor records the Ê Đê reading
        page.goto(f"/quan-tri/tin/{bid}")
        form = page.locator("form[data-recorder]")
        form.locator("select[name=lang]").select_option("ede")
        form.get_by_role("button", name="Ghi âm", exact=True).click()
        counted = "document.querySelector('[data-record-status]').textContent"
        page.wait_for_function(f"() => /Đang ghi âm… ([3-9]|\\d\\d) giây/.test({counted})")  # 3 s recorded
        form.get_by_role("button", name="Dừng và gửi").click()
        audio = f'audio[src="/quan-tri/am-thanh/{bid}/ede"]'
        wait_for(lambda: page.reload() and page.locator(audio).count(), 120, "the Ê Đê recording is ready")
        assert "Tin này chỉ phát tiếng Việt" not in page.inner_text("main")
        heard = context.request.get(f"/quan-tri/am-thanh/{bid}/ede")
        assert heard.status == 200 and heard.headers["content-type"] == "audio/mpeg"
        (tmp_path / "ede.mp3").write_bytes(heard.body())
    finally:
        chromium.close()
    decoded = tmp_path / "ede.wav"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", str(tmp_path / "ede.mp3"),
                    "-ac", "1", "-ar", "16000", str(decoded)], check=True)  # fmt: skip
    assert abs(dominant_frequency(decoded) - TONE) < 10  # the microphone, not a machine voice
