"""Live from the browser, end to end: headless Chromium with a fake microphone (a tone file) signs in
as an approver of Phường Ea Kao, presses "Phát trực tiếp"; the hub pipes the browser's Opus/WebM
through ffmpeg into the broadcast's Icecast mount; a real `ttcs speaker` of Ea Kao plays it (what it
played carries the tone) and stops when the operator presses "Kết thúc"."""

import pytest

from tests.hub.web.browser.conftest import ARGS, CHROMIUM, DESKTOP, microphone_args, shot, sign_in
from tests.support.clock import real_clock_env
from tests.support.device_api import EA_KAO
from tests.support.icecast import SOURCE_PASSWORD, Icecast
from tests.support.players import Hub, Player, wait_for
from tests.support.tones import dominant_frequency

TONE = 660


@pytest.mark.slow
def test_an_official_speaks_live_from_the_browser_to_a_speaker(
    playwright_driver, database_url, tmp_path, hubs, players, icecast: Icecast
):
    if not database_url.startswith("sqlite"):
        pytest.skip("browser tests run on SQLite")
    fake = microphone_args(tmp_path, TONE)
    hub = Hub(database_url, tmp_path, TTCS_STREAM_SOURCE_URL=f"icecast://source:{SOURCE_PASSWORD}@127.0.0.1:{icecast.port}",
              TTCS_STREAM_PUBLIC_URL=icecast.url)  # fmt: skip
    hubs.append(hub)
    hub.server.start(timeout=180)  # a loaded machine: the hub may take long to answer
    device = hub.api("POST", "/devices", hub.login("vanhanh.eakao"),
                     json={"imei": "LIVE-TEST-1", "kind": "loudspeaker", "area_code": EA_KAO})  # fmt: skip
    speaker = Player(hub.url, device.json()["token"], tmp_path / "speaker").start()
    players.append(speaker)
    wait_for(lambda: speaker.cached_manifest(), 120, "the speaker has its manifest")

    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=[*ARGS, *fake],
                                          env=real_clock_env())  # fmt: skip
    try:
        context = chromium.new_context(base_url=hub.url, viewport=DESKTOP, locale="vi-VN",
                                       timezone_id="Asia/Ho_Chi_Minh", permissions=["microphone"])  # fmt: skip
        context.set_default_timeout(20_000)
        page = context.new_page()
        sign_in(page, "duyet.eakao")
        page.goto("/quan-tri/truc-tiep")
        page.locator(f'input[name="areas"][value="{EA_KAO}"]').check()
        page.get_by_label("Tiêu đề (không bắt buộc)").fill("Thông báo khẩn về mưa lớn")
        shot(page, "phat-truc-tiep", handbook=True)
        page.get_by_role("button", name="Phát trực tiếp").click()
        page.wait_for_selector('#truc-tiep[data-state="live"]')
        shot(page, "phat-truc-tiep-dang-phat", handbook=True)

        started = wait_for(
            lambda: [r for r in speaker.records() if r.get("event") == "start" and r.get("stream") == "live"],
            60, "the speaker plays the live broadcast",
        )  # fmt: skip
        item = started[0]["item"]

        def recordings() -> list[str]:  # a take per try: the first may start before the hub's mount is up
            return [r["file"] for r in speaker.records() if r.get("event") == "recording" and r["item"] == item]

        wait_for(lambda: max(map(_size, recordings())) > 16000 * 2 * 3, 30, "three seconds heard")

        page.get_by_role("button", name="Kết thúc phát trực tiếp").click()
        page.wait_for_url("**/quan-tri/truc-tiep")
        assert "Đã kết thúc phát trực tiếp" in page.inner_text("main")
    finally:
        chromium.close()

    ended = wait_for(
        lambda: [r for r in speaker.records() if r.get("event") == "end" and r.get("item") == item], 30,
        "the speaker stops when the operator stops",
    )  # fmt: skip
    assert ended[-1]["result"] in ("stopped", "failed")
    heard = max(recordings(), key=_size)
    assert abs(dominant_frequency(_path(heard)) - TONE) < 10  # the microphone's tone reached the loudspeaker


def _path(name: object):
    from pathlib import Path

    return Path(str(name))


def _size(name: object) -> int:
    path = _path(name)
    return path.stat().st_size if path.exists() else 0
