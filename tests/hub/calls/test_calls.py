"""Hotline call records and recordings as officials see them, and the hub as the hotline sees it."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from bot.hotline.backend import HubBackend
from hub.calls import service as calls
from hub.contacts import service as contacts
from hub.context import Hub
from hub.kit.time import utcnow
from voice.ivr import recording as recordings
from voice.ivr.model import CallSummary, Commune, Recording
from voice.ivr.recovery import recover

EA_KAO = Commune("24169", "Phường Ea Kao")


def _call(hub: Hub, number: str, area_code: str | None, result: str = "news", case_code: str | None = None) -> None:
    with hub.database.uow() as uow:
        contact = contacts.identify(uow, "ivr", number)
        area = uow.areas.get_by_code(area_code) if area_code else None
        now = utcnow()
        calls.record(
            uow,
            contact,
            area,
            call_ref=f"call-{number}",
            started_at=now - timedelta(seconds=95),
            ended_at=now,
            path=["greeting", "menu", "news"],
            result=result,
            case_code=case_code,
        )
        uow.commit()


def test_officials_list_the_calls_of_their_area_with_numbers_masked_by_role(
    hub: Hub, client: TestClient, login: Callable[..., dict[str, str]]
) -> None:
    _call(hub, "0905000111", "24169")
    _call(hub, "0905000222", "24280")
    _call(hub, "0905000333", None)  # no commune chosen: the province's
    editor = client.get("/api/v1/calls", headers=login("bientap.eakao")).json()
    assert editor["total"] == 1
    item = editor["items"][0]
    assert (item["caller"], item["caller_masked"], item["area_code"]) == ("0905***111", True, "24169")
    assert item["duration_seconds"] == 95 and item["path"] == ["greeting", "menu", "news"]
    assert item["result_label"] == "Nghe tin"
    approver = client.get("/api/v1/calls", headers=login("duyet.eakao")).json()["items"][0]
    assert approver["caller"] == "0905000111" and not approver["caller_masked"]
    province = client.get("/api/v1/calls", headers=login("duyet.tinh")).json()
    assert province["total"] == 3
    only_cumgar = client.get("/api/v1/calls?area=24280", headers=login("duyet.tinh")).json()
    assert [i["area_code"] for i in only_cumgar["items"]] == ["24280"]
    assert client.get("/api/v1/calls").status_code == 401
    from hub.accounts.model import Principal

    with hub.database.uow() as uow:
        year = calls.summary(
            uow, Principal.system(), started_from=utcnow() - timedelta(days=365), started_to=utcnow() + timedelta(1)
        )
    assert year == {"news": (3, 285)}  # calls and seconds per result, for the annual report


def test_a_case_recording_is_served_to_officials_of_its_area(
    hub: Hub, client: TestClient, login: Callable[..., dict[str, str]], tmp_path: Path
) -> None:
    backend = HubBackend(hub, hub.settings.var_dir / "feedback")
    recorder = recordings.Recorder(
        backend.store, {"caller": "0905000444"}, max_seconds=10, silence_seconds=0, on_done=lambda reason: None
    )
    recorder.write(b"\x10\x20" * 160)
    made = recorder.finish()
    code = backend.file_feedback("0905000444", EA_KAO, made, incomplete=False)
    assert not recorder.note_path.exists()  # filed: nothing left to recover
    response = client.get(f"/api/v1/feedback/{code}/recording", headers=login("bientap.eakao"))
    assert response.status_code == 200 and response.content[:4] == b"RIFF"
    assert client.get(f"/api/v1/feedback/{code}/recording", headers=login("bientap.cumgar")).status_code == 403
    detail = client.get(f"/api/v1/feedback/{code}", headers=login("duyet.eakao")).json()
    assert detail["channel"] == "ivr" and detail["recording_url"] == f"/api/v1/feedback/{code}/recording"


def test_recordings_left_by_a_stopped_hotline_are_filed_as_incomplete_cases(hub: Hub) -> None:
    backend = HubBackend(hub, hub.settings.var_dir / "feedback")
    note = {"caller": "0905000555", "commune": "24169", "call_id": "x", "started_at": time.time()}
    recorder = recordings.Recorder(backend.store, note, max_seconds=10, silence_seconds=0, on_done=lambda r: None)
    recorder.write(b"\x10\x20" * 160 * 60)  # more than a second: the header was brought up to date
    # the process dies here: the file is never finished
    codes = recover(backend, backend.store)
    assert len(codes) == 1 and not recorder.note_path.exists()
    with hub.database.uow() as uow:
        case = uow.cases.get_by_code(codes[0])
        assert case is not None and case.incomplete and case.audio_ref == recorder.ref
        assert uow.areas.get(case.area_id).code == "24169"
    assert recover(backend, backend.store) == []
    recorder._file.close()  # what the operating system does for a dead process


def test_the_hotline_reads_the_news_of_a_commune_and_remembers_the_caller(hub: Hub) -> None:
    backend = HubBackend(hub, hub.settings.var_dir / "feedback")
    assert backend.caller("0905000666").commune is None
    backend.remember("0905000666", EA_KAO)
    assert backend.caller("0905000666").commune == EA_KAO
    news = backend.news(EA_KAO)
    assert news and news[0].intro.startswith("Tin thứ 1:")
    assert all(item.clip or item.text for item in news)
    assert backend.case_status("0905000666", "999999") is None
    code = backend.file_feedback("0905000666", EA_KAO, Recording("recordings/x.wav", 3.0, True), incomplete=False)
    said = backend.case_status("0905000666", code.split("-", 1)[1].replace("-", ""))
    assert said is not None and "Đã tiếp nhận" in said
    backend.finish(
        CallSummary("c1", "0905000666", "24169", time.time() - 30, time.time(), ["greeting"], "feedback", code)
    )
    assert json.dumps(backend.communes(), default=str)  # the first nine communes by name when none are configured


def test_retention_erases_the_recording_of_a_finished_hotline_case(
    hub: Hub, client: TestClient, login: Callable[..., dict[str, str]]
) -> None:
    from sqlalchemy import update

    from hub.feedback import privacy
    from hub.feedback.config import feedback_config
    from hub.feedback.intake.attachments import AttachmentStore
    from hub.feedback.tables import case_table

    backend = HubBackend(hub, hub.settings.var_dir / "feedback")
    recorder = recordings.Recorder(backend.store, {}, max_seconds=10, silence_seconds=0, on_done=lambda r: None)
    recorder.write(b"\x10\x20" * 160)
    made = recorder.finish()
    code = backend.file_feedback("0905000777", EA_KAO, made, incomplete=False)
    editor = login("bientap.eakao")
    client.post(f"/api/v1/feedback/{code}/reject", json={"reason": "Không thuộc thẩm quyền."}, headers=editor)
    with hub.database.engine.begin() as conn:
        conn.execute(
            update(case_table).where(case_table.c.code == code).values(closed_at=utcnow() - timedelta(days=800))
        )
    with hub.database.uow() as uow:
        privacy.apply_retention(uow, feedback_config(hub), AttachmentStore.from_settings(hub.settings))
        uow.commit()
    assert not recorder.path.exists()
    assert client.get(f"/api/v1/feedback/{code}/recording", headers=editor).status_code == 404


def test_an_emergency_is_read_with_its_own_telephone_rendering(
    hub: Hub, client: TestClient, login: Callable[..., dict[str, str]]
) -> None:
    from hub.jobs.worker import Worker
    from voice.ivr.cache import PromptCache

    payload = {
        "title": "Cảnh báo lũ quét",
        "body": "Mưa lớn, nguy cơ lũ quét ven suối Ea Tam. Bà con không đi qua ngầm tràn.",
        "category": "disaster_emergency",
        "priority": "emergency",
        "target_codes": ["24169"],
    }
    made = client.post("/api/v1/bulletins", json=payload, headers=login("bientap.eakao"))
    assert made.status_code == 201, made.text
    bulletin_id = made.json()["id"]
    assert client.post(f"/api/v1/bulletins/{bulletin_id}/submit", headers=login("bientap.eakao")).status_code == 200
    assert client.post(f"/api/v1/bulletins/{bulletin_id}/approve", headers=login("duyet.eakao")).status_code == 200
    worker = Worker(hub)
    for _ in range(20):
        worker.drain()
    backend = HubBackend(hub, hub.settings.var_dir / "feedback")
    [item] = [i for i in backend.emergencies(EA_KAO) if i.intro == "Cảnh báo lũ quét"]
    assert item.clip is not None and item.clip.path.endswith(".wav")
    audio = PromptCache(hub.settings.var_dir / "p", lambda text: b"", "test").clip(item.clip)
    assert len(audio) > 8000 * 3  # seconds of 8 kHz μ-law, without the WAV header
    assert backend.emergencies(Commune("24280", "Xã Cư M’gar")) == []  # another commune is not told


def test_the_hotline_reads_the_broadcast_programme_of_the_commune(hub: Hub) -> None:
    backend = HubBackend(hub, hub.settings.var_dir / "feedback")
    said = [item.intro for item in backend.schedule(EA_KAO)]
    assert said[0].startswith("Loa truyền thanh của Phường Ea Kao phát hằng ngày từ 6 giờ đến 6 giờ 30, từ ")
    assert said[0].endswith("từ 17 giờ đến 17 giờ 30.")  # the ward's broadcast windows
    assert len(said) > 1  # what plays in the next day, or that nothing is scheduled
    assert all(s.startswith(("Hôm nay lúc", "Ngày mai lúc")) for s in said[1:]) or said[1:] == [
        "Trong một ngày tới chưa có tin nào được xếp lịch phát."
    ]
    assert backend.schedule(None) == []  # no commune chosen: the caller hears that there is none
