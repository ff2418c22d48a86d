"""The hotline over real SIP: kamailio as registrar and proxy, `ttcs ivr` registered with it, called
by sipp (with sip-tester's RFC 2833 key captures) and by our own SIP caller."""

from __future__ import annotations

import shutil
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from hub.config import Settings
from hub.context import Hub
from hub.feedback.intake.attachments import AttachmentStore
from tests.support.baresip import Baresip
from tests.support.sip import Caller, IvrProcess, Kamailio, RtpEndpoint, options_ok, sipp_call, wait_for
from tests.voice.ivr.conftest import needs_sip
from voice.ivr import prompts
from voice.ivr.agent import prompt_cache
from voice.settings import VoiceSettings

pytestmark = [needs_sip, pytest.mark.slow]


def calls_of(hub: Hub, number: str) -> list[dict[str, object]]:
    from sqlalchemy import text

    with hub.database.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT r.path, r.result, r.case_code FROM call_record r JOIN contact c ON c.id = r.contact_id "
                "WHERE c.channel = 'ivr' AND c.channel_user_id = :n"
            ),
            {"n": number},
        ).mappings()
        return [dict(r) for r in rows]


def cases_of(hub: Hub, number: str) -> list[dict[str, object]]:
    from sqlalchemy import text

    with hub.database.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT f.code, f.audio_ref, f.incomplete, f.channel, a.code AS area FROM feedback_case f "
                "JOIN contact c ON c.id = f.contact_id JOIN area a ON a.id = f.area_id "
                "WHERE c.channel = 'ivr' AND c.channel_user_id = :n"
            ),
            {"n": number},
        ).mappings()
        return [dict(r) for r in rows]


def heard_prompt(settings: Settings, media: RtpEndpoint, text: str) -> bool:
    """Whether the caller was played exactly the prompt `text` (the agent's cached telephone audio)."""
    spoken = prompt_cache(settings.of(VoiceSettings), settings.var_dir).say(text)
    received = b"".join(p.payload for _, p in media.received if p.payload_type == 0)
    return spoken[:1600] in received


def test_a_caller_presses_keys_on_sipp_and_hears_the_news_of_their_commune(
    start_ivr: Callable[..., IvrProcess], kamailio: Kamailio, hub: Hub, tmp_path: Path
) -> None:
    start_ivr()
    media = RtpEndpoint()
    # 1: Phường Ea Kao (from the commune list, barging into the greeting), then 1: the latest news
    done = sipp_call(
        kamailio.port, media, "0905111001", ["dtmf_2833_1.pcap", "dtmf_2833_1.pcap"], hold_ms=15000, log_dir=tmp_path
    )
    media.close()
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert media.speech_seconds() > 5  # greeting, commune, and news read aloud
    wait_for(lambda: calls_of(hub, "0905111001"), 10, "the call record")
    record = calls_of(hub, "0905111001")[0]
    assert str(record["path"]).split()[:4] == ["greeting", "area:24169", "menu", "news"]
    assert record["result"] == "news"


def test_a_wrong_key_is_answered_with_the_retry_prompt(
    start_ivr: Callable[..., IvrProcess], kamailio: Kamailio, settings: Settings, tmp_path: Path
) -> None:
    start_ivr()
    media = RtpEndpoint()
    done = sipp_call(
        kamailio.port, media, "0905111002", ["dtmf_2833_2.pcap", "dtmf_2833_8.pcap"], hold_ms=5000, log_dir=tmp_path
    )
    media.close()
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert heard_prompt(settings, media, prompts.INVALID)
    assert heard_prompt(settings, media, prompts.area_chosen("Xã Cư M’gar"))


def _record_feedback(caller: Caller, speech: bytes, *, hang_up_after: float | None = None) -> None:
    wait_for(lambda: caller.media.speech_seconds() > 0.5, 10, "the greeting")
    caller.media.press("1")  # Phường Ea Kao
    time.sleep(0.5)
    caller.media.press("3")  # leave feedback (barging into the menu)
    pressed = time.monotonic()
    wait_for(lambda: caller.media.heard_tone(pressed), 30, "the beep")
    stop = threading.Event()
    if hang_up_after is not None:
        threading.Timer(hang_up_after, stop.set).start()
    caller.media.speak(speech, stop=stop)


def test_feedback_left_by_phone_becomes_a_case_with_its_recording(
    start_ivr: Callable[..., IvrProcess],
    kamailio: Kamailio,
    hub: Hub,
    client: TestClient,
    login: Callable[..., dict[str, str]],
    spoken_feedback: bytes,
) -> None:
    start_ivr()
    caller = Caller(kamailio.port, "0905111003").dial()
    try:
        _record_feedback(caller, spoken_feedback)
        caller.media.press("#")
        time.sleep(1.0)
        caller.media.press("1")  # send it (barging into the playback)
        wait_for(lambda: cases_of(hub, "0905111003"), 20, "the case")
        time.sleep(3)  # the code is read back
    finally:
        caller.hang_up()
        caller.close()
    case = cases_of(hub, "0905111003")[0]
    assert case["channel"] == "ivr" and case["area"] == "24169" and not case["incomplete"]
    with wave.open(str(AttachmentStore.from_settings(hub.settings).path(str(case["audio_ref"])))) as wav:
        assert wav.getframerate() == 8000
        assert wav.getnframes() / 8000 > len(spoken_feedback) / 2 / 8000 * 0.8
    response = client.get(f"/api/v1/feedback/{case['code']}/recording", headers=login("bientap.eakao"))
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    calls = client.get("/api/v1/calls", headers=login("bientap.eakao")).json()["items"]
    mine = [c for c in calls if c["case_code"] == case["code"]]
    assert mine and mine[0]["result"] == "feedback" and mine[0]["caller"] == "0905***003"
    full = client.get("/api/v1/calls", headers=login("duyet.eakao")).json()["items"]
    assert any(c["caller"] == "0905111003" for c in full)


def test_a_caller_who_hangs_up_while_recording_still_leaves_a_case(
    start_ivr: Callable[..., IvrProcess], kamailio: Kamailio, hub: Hub, spoken_feedback: bytes
) -> None:
    start_ivr()
    caller = Caller(kamailio.port, "0905111004").dial()
    try:
        _record_feedback(caller, spoken_feedback, hang_up_after=1.5)
    finally:
        caller.hang_up()
        caller.close()
    wait_for(lambda: cases_of(hub, "0905111004"), 20, "the case")
    case = cases_of(hub, "0905111004")[0]
    assert case["incomplete"]
    path = AttachmentStore.from_settings(hub.settings).path(str(case["audio_ref"]))
    assert path.stat().st_size > 44 + 8000  # more than half a second of the caller's words
    wait_for(lambda: calls_of(hub, "0905111004"), 10, "the call record")
    assert calls_of(hub, "0905111004")[0]["result"] == "feedback_incomplete"


def test_two_calls_at_once_are_both_carried_to_the_end(
    start_ivr: Callable[..., IvrProcess], kamailio: Kamailio, hub: Hub, tmp_path: Path
) -> None:
    start_ivr()
    results: dict[str, object] = {}

    def call(number: str, commune_key: str) -> None:
        media = RtpEndpoint()
        keys = [f"dtmf_2833_{commune_key}.pcap", "dtmf_2833_1.pcap"]
        results[number] = sipp_call(kamailio.port, media, number, keys, hold_ms=6000, log_dir=tmp_path)
        results[number + ":speech"] = media.speech_seconds()
        media.close()

    threads = [threading.Thread(target=call, args=(n, k)) for n, k in (("0905111005", "1"), ("0905111006", "2"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    for number, area in (("0905111005", "24169"), ("0905111006", "24280")):
        assert results[number].returncode == 0
        assert results[number + ":speech"] > 4
        wait_for(lambda n=number: calls_of(hub, n), 10, "the call record")
        assert f"area:{area}" in str(calls_of(hub, number)[0]["path"])


def test_the_hotline_registers_again_after_the_sip_server_restarts(
    start_ivr: Callable[..., IvrProcess], kamailio: Kamailio, hub: Hub
) -> None:
    start_ivr()
    kamailio.stop()
    time.sleep(2)  # the registrar is gone and forgets every binding (no database)
    kamailio.start()
    assert not options_ok(kamailio.port, "1900")
    wait_for(lambda: options_ok(kamailio.port, "1900"), 30, "the hotline to register again")
    caller = Caller(kamailio.port, "0905111007").dial()
    try:
        wait_for(lambda: caller.media.speech_seconds() > 1, 10, "the greeting")
    finally:
        caller.hang_up()
        caller.close()


@pytest.mark.skipif(not shutil.which("baresip"), reason="baresip is installed by `make test`")
def test_a_softphone_calls_the_hotline_and_hears_the_news(
    start_ivr: Callable[..., IvrProcess], kamailio: Kamailio, hub: Hub, tmp_path: Path
) -> None:
    start_ivr()
    phone = Baresip(tmp_path / "baresip", "0905111008")
    try:
        phone.command("dial", f"sip:1900@127.0.0.1:{kamailio.port}")
        wait_for(phone.established, 15, "the call to be answered")
        time.sleep(2)
        phone.command("sndcode", "2")  # Xã Cư M’gar
        time.sleep(2)
        phone.command("sndcode", "1")  # the latest news
        time.sleep(6)
        phone.command("hangup")
        wait_for(lambda: calls_of(hub, "0905111008"), 10, "the call record")
    finally:
        phone.stop()
    samples = phone.heard().astype(np.float32)
    frames = samples[: len(samples) // 160 * 160].reshape(-1, 160)
    assert (np.sqrt((frames * frames).mean(axis=1)) > 330).sum() * 0.02 > 4  # seconds of speech heard
    assert str(calls_of(hub, "0905111008")[0]["path"]).split()[:4] == ["greeting", "area:24280", "menu", "news"]


def test_a_caller_who_gives_up_while_it_rings_is_never_answered(
    start_ivr: Callable[..., IvrProcess], kamailio: Kamailio, hub: Hub
) -> None:
    start_ivr()
    caller = Caller(kamailio.port, "0905111009")
    try:
        caller.ring()
        wait_for(lambda: 180 in caller.statuses(), 10, "ringing")
        caller.cancel()
        wait_for(lambda: caller.final_status is not None, 10, "the INVITE to end")
        time.sleep(2.5)  # pyVoIP alone would answer the cancelled call about a second after ringing
        assert caller.final_status == 487 and 200 not in caller.statuses("INVITE")
        assert caller.media.received == []  # no audio was ever sent
    finally:
        caller.close()
    assert calls_of(hub, "0905111009") == []
    again = Caller(kamailio.port, "0905111010").dial()  # the hotline still answers the next caller
    try:
        wait_for(lambda: again.media.speech_seconds() > 0.5, 10, "the greeting")
    finally:
        again.hang_up()
        again.close()


def test_a_caller_keys_the_code_of_any_commune_of_the_province_and_then_asks_the_dialogue(
    start_ivr: Callable[..., IvrProcess], kamailio: Kamailio, hub: Hub
) -> None:
    """No commune list configured: every commune of the province is offered (by former district, by
    code, by name); the caller keys 0 and the code of Xã Cư M’gar, is remembered, then presses 5 and
    hears the chat's dialogue."""
    from bot.hotline.backend import HubBackend

    start_ivr(TTCS_IVR_COMMUNES="")
    backend = HubBackend(hub, hub.settings.var_dir / "feedback")
    caller = Caller(kamailio.port, "0905111010").dial()
    try:
        wait_for(lambda: caller.media.speech_seconds() > 0.5, 20, "the greeting")
        for key in "024280":
            caller.media.press(key)
            time.sleep(0.3)
        wait_for(lambda: backend.caller("0905111010").commune is not None, 30, "the commune to be remembered")
        time.sleep(1)
        caller.media.press("5")
        heard = caller.media.speech_seconds()
        wait_for(lambda: caller.media.speech_seconds() > heard + 2, 60, "the dialogue's answer")
    finally:
        caller.hang_up()
        caller.close()
    assert backend.caller("0905111010").commune.code == "24280"
    wait_for(lambda: calls_of(hub, "0905111010"), 10, "the call record")
    path = str(calls_of(hub, "0905111010")[0]["path"]).split()
    assert "area:24280" in path and "dialogue" in path
