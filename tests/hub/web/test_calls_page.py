"""The officials' page of hotline calls: their area's calls, numbers masked by role, recordings."""

from __future__ import annotations

import time

from bot.hotline.backend import HubBackend
from tests.support.web import text_of
from voice.ivr import recording as recordings
from voice.ivr.model import CallSummary, Commune


def test_an_official_sees_the_calls_of_their_area_and_listens_to_a_recording(browser, hub) -> None:
    backend = HubBackend(hub, hub.settings.var_dir / "feedback")
    recorder = recordings.Recorder(backend.store, {}, max_seconds=10, silence_seconds=0, on_done=lambda r: None)
    recorder.write(b"\x10\x20" * 160)
    code = backend.file_feedback("0905000888", Commune("24169", "Phường Ea Kao"), recorder.finish(), incomplete=False)
    now = time.time()
    path = ["greeting", "area:24169", "menu", "feedback", "recorded", f"filed:{code}"]
    backend.finish(CallSummary("c1", "0905000888", "24169", now - 75, now, path, "feedback", code))
    backend.finish(CallSummary("c2", "0905000999", "24280", now - 20, now, ["greeting", "menu"], "hung_up"))

    editor = browser("bientap.eakao")
    page = editor.get("/quan-tri/tong-dai")
    assert page.status_code == 200
    seen = text_of(page.text)
    assert "0905***888" in seen and "0905000888" not in seen and "0905***999" not in seen  # Cư M’gar's call
    assert "chọn Phường Ea Kao → danh sách chính → phản ánh → đã ghi âm" in seen and "1 phút 15 giây" in seen
    assert "24169" not in seen.split("Các bước")[-1].split("→")[0]
    assert 'href="/quan-tri/tong-dai"' in page.text  # in the menu
    audio = editor.get(f"/quan-tri/tong-dai/ghi-am/{code}")
    assert audio.status_code == 200 and audio.content[:4] == b"RIFF"
    assert browser("bientap.cumgar").get(f"/quan-tri/tong-dai/ghi-am/{code}").status_code == 403
    leader = text_of(browser("duyet.eakao").get("/quan-tri/tong-dai").text)
    assert "0905000888" in leader
    only_hung_up = text_of(browser("duyet.tinh").get("/quan-tri/tong-dai?result=hung_up").text)
    assert "0905000999" in only_hung_up and "0905000888" not in only_hung_up
