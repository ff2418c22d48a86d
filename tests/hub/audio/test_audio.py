"""Bulletin audio end to end over HTTP: render on approval, download with Range and ETag, the
cache, the fallback to espeak, emergencies first, recordings for languages without a voice,
previews of drafts and the officials' lexicon."""

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from hub.audio import renderer, service
from hub.bootstrap import build_hub
from hub.jobs.model import URGENT
from hub.jobs.tables import job_table
from hub.jobs.worker import Worker
from hub.kit.errors import ConfigurationError
from hub.kit.time import utcnow
from voice.audio import probe, write
from voice.tts import make_engine

EA_KAO = "24169"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "tts" / "tiny-vits.onnx"
BODY = "Ngày 20/01/2027, UBND phường họp lúc 7h30 tại nhà văn hóa. Kinh phí 1,5 tỷ đồng."


@pytest.fixture
def hub(settings):
    built = build_hub(settings)
    with built.database.uow() as uow:  # the demo's own audio is not what these tests are about
        uow.session.execute(update(job_table).where(job_table.c.kind == "audio.render").values(status="done"))
        uow.commit()
    yield built
    built.close()


@pytest.fixture
def drain(hub, settings):
    def run(max_rounds: int = 50) -> None:
        worker = Worker(hub)
        for _ in range(max_rounds):  # a failed attempt is retried after a (tiny, in tests) backoff
            worker.drain()
            with hub.database.uow(write=False) as uow:
                if not uow.jobs.counts().get("queued"):
                    return

    return run


@pytest.fixture
def synthesised(monkeypatch):
    calls = []
    original = renderer.speak

    def counting(text, lang, engine, *args, **kwargs):
        calls.append((engine, text))
        return original(text, lang, engine, *args, **kwargs)

    monkeypatch.setattr(renderer, "speak", counting)
    return calls


def _bulletin(client, headers, *, body=BODY, priority="normal", variants=(), title="Họp dân về kế hoạch tiêm chủng"):
    payload = {
        "title": title,
        "body": body,
        "category": "society",
        "priority": priority,
        "target_codes": [EA_KAO],
        "variants": [{"lang": lang, "title": "Bản dịch", "body": "Bản dịch nội dung."} for lang in variants],
    }
    response = client.post("/api/v1/bulletins", json=payload, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _approve(client, login, bulletin_id):
    assert client.post(f"/api/v1/bulletins/{bulletin_id}/submit", headers=login("bientap.eakao")).status_code == 200
    response = client.post(f"/api/v1/bulletins/{bulletin_id}/approve", headers=login("duyet.eakao"))
    assert response.status_code == 200, response.text
    return response.json()


def test_an_approved_bulletin_is_rendered_and_published_audio_is_public(client, login, drain, tmp_path):
    bulletin_id = _bulletin(client, login("bientap.eakao"))
    assert _approve(client, login, bulletin_id)["status"] == "published"
    drain()
    response = client.get(f"/api/v1/bulletins/{bulletin_id}/audio?lang=vi&format=mp3")  # no token: public
    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/mpeg"
    assert "public" in response.headers["cache-control"]
    (tmp_path / "tin.mp3").write_bytes(response.content)
    found = probe(tmp_path / "tin.mp3")
    assert found.codec == "mp3" and found.duration > 5

    etag = response.headers["etag"]
    assert client.get(f"/api/v1/bulletins/{bulletin_id}/audio", headers={"If-None-Match": etag}).status_code == 304
    part = client.get(f"/api/v1/bulletins/{bulletin_id}/audio", headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206
    assert part.headers["content-range"].startswith("bytes 100-1099/")
    assert part.content == response.content[100:1100]

    phone = client.get(f"/api/v1/bulletins/{bulletin_id}/audio?format=ulaw")
    (tmp_path / "tin.wav").write_bytes(phone.content)
    assert (probe(tmp_path / "tin.wav").codec, probe(tmp_path / "tin.wav").sample_rate) == ("pcm_mulaw", 8000)

    status = client.get(f"/api/v1/bulletins/{bulletin_id}/audio/status", headers=login("duyet.eakao")).json()
    assert status[0]["status"] == "ready" and status[0]["engine"] == "espeak" and not status[0]["fallback"]
    assert "bảy giờ ba mươi phút" in status[0]["text"] and "ủy ban nhân dân" in status[0]["text"]
    assert {f["format"] for f in status[0]["files"]} == {"mp3", "opus", "ulaw", "alaw"}


def test_audio_of_an_unpublished_bulletin_follows_the_read_rules(client, login, drain):
    bulletin_id = _bulletin(client, login("bientap.eakao"))
    client.post(f"/api/v1/bulletins/{bulletin_id}/submit", headers=login("bientap.eakao"))
    drain()
    url = f"/api/v1/bulletins/{bulletin_id}/audio"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=login("bientap.cumgar")).status_code == 403
    response = client.get(url, headers=login("duyet.eakao"))  # the approver listens before approving
    assert response.status_code == 200 and "private" in response.headers["cache-control"]
    missing = client.get(f"{url}?lang=ede", headers=login("duyet.eakao"))
    assert missing.status_code == 404 and "tiếng Ê Đê" in missing.json()["detail"]
    assert client.get(f"{url}?format=flac", headers=login("duyet.eakao")).status_code == 422


def test_an_unchanged_text_is_never_synthesised_twice(client, login, drain, synthesised, hub, settings):
    first = _bulletin(client, login("bientap.eakao"))
    _approve(client, login, first)
    drain()
    assert len(synthesised) == 1
    second = _bulletin(client, login("bientap.eakao"))  # the same text in another bulletin
    _approve(client, login, second)
    drain()
    assert len(synthesised) == 1
    with hub.database.uow(write=False) as uow:
        one = service.audio_for(uow, settings, first, "vi", "mp3")
        two = service.audio_for(uow, settings, second, "vi", "mp3")
    assert one.sha256 == two.sha256 and one.path.is_file() and one.duration_ms > 5000
    assert one.url.endswith(f"/api/v1/bulletins/{first}/audio?lang=vi&format=mp3")

    patch = {"body": BODY + " Mời bà con đến đúng giờ."}  # an edit re-renders what changed
    assert client.patch(f"/api/v1/bulletins/{first}", json=patch, headers=login("bientap.eakao")).status_code == 200
    drain()
    assert len(synthesised) == 2


def test_a_failing_engine_is_retried_then_espeak_speaks_and_the_failure_shows(
    make_settings, client, login, tmp_path, monkeypatch
):
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"this is not an onnx model")
    shutil.copyfile(f"{FIXTURE}.json", f"{broken}.json")
    settings = make_settings(tts_engine="vits", tts_model_path=str(broken), tts_fallback_after=2)
    hub = build_hub(settings)
    bulletin_id = _bulletin(client, login("bientap.eakao"))
    with hub.database.uow() as uow:
        uow.session.execute(update(job_table).where(job_table.c.kind == "audio.render").values(status="done"))
        uow.commit()
    _approve(client, login, bulletin_id)
    worker = Worker(hub)
    for _ in range(100):  # the failed attempt is retried after a (tiny, in tests) backoff
        worker.drain()
        with hub.database.uow(write=False) as uow:
            if not uow.jobs.counts().get("queued"):
                break
    with hub.database.uow(write=False) as uow:
        jobs = [
            (j.attempts, j.last_error)
            for j in uow.jobs.list(kind="audio.render", limit=10)[0]
            if j.payload["bulletin_id"] == bulletin_id
        ]
        ref = service.audio_for(uow, settings, bulletin_id)
    assert any(attempts == 2 and "broken.onnx" in error for attempts, error in jobs)  # retried, then fell back
    assert ref is not None and ref.engine == "espeak" and ref.fallback
    status = client.get(f"/api/v1/bulletins/{bulletin_id}/audio/status", headers=login("duyet.eakao")).json()
    assert "vits" in status[0]["error"] and status[0]["fallback"] is True
    hub.close()


def test_emergencies_are_rendered_before_routine_work(client, login, hub):
    routine = _bulletin(client, login("bientap.eakao"))
    client.post(f"/api/v1/bulletins/{routine}/submit", headers=login("bientap.eakao"))
    payload = {
        "title": "Cảnh báo lũ quét",
        "body": "Mưa lớn 150mm, nguy cơ lũ quét tại buôn Ea Kao. Bà con di dời ngay.",
        "category": "disaster_emergency",
        "target_codes": [EA_KAO],
    }
    emergency = client.post("/api/v1/bulletins/emergency", json=payload, headers=login("duyet.eakao")).json()["id"]
    with hub.database.uow(write=False) as uow:
        rows = uow.session.execute(
            select(job_table.c.payload, job_table.c.priority).where(
                job_table.c.kind == "audio.render", job_table.c.status == "queued"
            )
        ).all()
    with hub.database.uow() as uow:
        first = uow.jobs.claim("test", utcnow(), timedelta(seconds=60), ["audio.render"]).payload["bulletin_id"]
    priorities = {p["bulletin_id"]: prio for p, prio in rows}
    assert priorities[emergency] == URGENT and priorities[routine] > URGENT
    assert first == emergency  # the worker takes the emergency first


def test_languages_without_a_voice_take_an_uploaded_recording(client, login, drain, tmp_path):
    bulletin_id = _bulletin(client, login("bientap.eakao"), variants=["ede"])
    _approve(client, login, bulletin_id)
    drain()
    headers = login("bientap.eakao")
    status = {s["lang"]: s for s in client.get(f"/api/v1/bulletins/{bulletin_id}/audio/status", headers=headers).json()}
    assert status["vi"]["status"] == "ready" and status["ede"]["status"] == "needs_recording"

    corrupt = client.post(
        "/api/v1/audio/recordings",
        data={"bulletin_id": str(bulletin_id), "lang": "ede"},
        files={"file": ("ban-tin-ede.mp3", b"ID3" + bytes(range(256)) * 50, "audio/mpeg")},
        headers=headers,
    )
    assert corrupt.status_code == 422
    assert "Tệp ghi âm bị hỏng hoặc không phải định dạng âm thanh được hỗ trợ" in corrupt.json()["detail"]

    voice = make_engine("espeak").synthesize("Ama H'Linh thông báo cho buôn Ea Kao.")
    recording = write(voice, tmp_path / "ede.mp3", "mp3")
    wrong_lang = client.post(
        "/api/v1/audio/recordings",
        data={"bulletin_id": str(bulletin_id), "lang": "mnong"},
        files={"file": ("x.mp3", recording.read_bytes(), "audio/mpeg")},
        headers=headers,
    )
    assert wrong_lang.status_code == 422
    assert (
        client.post(
            "/api/v1/audio/recordings",
            data={"bulletin_id": str(bulletin_id), "lang": "ede"},
            files={"file": ("x.mp3", recording.read_bytes(), "audio/mpeg")},
            headers=login("bientap.cumgar"),
        ).status_code
        == 403
    )
    uploaded = client.post(
        "/api/v1/audio/recordings",
        data={"bulletin_id": str(bulletin_id), "lang": "ede"},
        files={"file": ("ban-tin-ede.mp3", recording.read_bytes(), "audio/mpeg")},
        headers=headers,
    )
    assert uploaded.status_code == 201, uploaded.text
    drain()
    ede = client.get(f"/api/v1/bulletins/{bulletin_id}/audio?lang=ede")
    assert ede.status_code == 200 and ede.headers["content-type"] == "audio/mpeg"
    status = {s["lang"]: s for s in client.get(f"/api/v1/bulletins/{bulletin_id}/audio/status", headers=headers).json()}
    assert status["ede"]["engine"] == "recording"


def test_an_official_listens_to_a_draft_before_submitting(client, login, drain, synthesised, tmp_path):
    headers = login("bientap.eakao")
    normalized = client.post("/api/v1/audio/normalize", json={"text": "Họp lúc 7h30 🙂"}, headers=headers).json()
    assert normalized["text"] == "Họp lúc bảy giờ ba mươi phút" and normalized["warnings"]

    text = "Họp dân về kế hoạch tiêm chủng.\n" + BODY
    response = client.post("/api/v1/audio/preview", json={"text": text}, headers=headers)
    assert response.status_code == 200 and response.headers["content-type"] == "audio/mpeg"
    (tmp_path / "nghe-thu.mp3").write_bytes(response.content)
    assert probe(tmp_path / "nghe-thu.mp3").duration > 5
    assert client.post("/api/v1/audio/preview", json={"text": text}, headers=headers).content == response.content
    assert len(synthesised) == 1

    bulletin_id = _bulletin(client, headers)  # the same words, submitted and approved: no new synthesis
    _approve(client, login, bulletin_id)
    drain()
    assert len(synthesised) == 1

    assert client.post("/api/v1/audio/preview", json={"text": text}, headers=login("xem.tinh")).status_code == 403
    empty = client.post("/api/v1/audio/preview", json={"text": "  "}, headers=headers)
    assert empty.status_code == 422 and "Không có nội dung để đọc" in empty.json()["detail"]
    ede = client.post("/api/v1/audio/preview", json={"text": "Xin chào", "lang": "ede"}, headers=headers)
    assert ede.status_code == 422 and "tiếng Ê Đê" in ede.json()["detail"]


def test_officials_extend_the_lexicon_and_every_change_is_versioned_and_audited(client, login):
    admin = login("admin", "admin-password-1")
    before = client.get("/api/v1/audio/lexicon", headers=admin).json()
    assert any(t["term"] == "UBND" and t["builtin"] for t in before["terms"])

    assert (
        client.put(
            "/api/v1/audio/lexicon", json={"term": "BQL", "spoken": "ban quản lý"}, headers=login("bientap.eakao")
        ).status_code
        == 403
    )
    added = client.put("/api/v1/audio/lexicon", json={"term": "BQL", "spoken": "ban quản lý"}, headers=admin)
    assert added.status_code == 200 and added.json()["version"] == before["version"] + 1
    changed = client.put("/api/v1/audio/lexicon", json={"term": "UBND", "spoken": "Ủy ban"}, headers=admin).json()
    assert changed["builtin"] and changed["version"] == before["version"] + 2

    editor = login("bientap.eakao")
    spoken = client.post("/api/v1/audio/normalize", json={"text": "BQL chợ và UBND"}, headers=editor).json()["text"]
    assert spoken == "ban quản lý chợ và Ủy ban"

    assert client.delete("/api/v1/audio/lexicon?term=BQL", headers=admin).status_code == 200
    assert client.delete("/api/v1/audio/lexicon?term=KHONGCO", headers=admin).status_code == 404
    spoken = client.post("/api/v1/audio/normalize", json={"text": "BQL chợ"}, headers=editor).json()["text"]
    assert spoken == "bê quy e lờ chợ"
    bad = client.put("/api/v1/audio/lexicon", json={"term": "hai từ", "spoken": "x"}, headers=admin)
    assert bad.status_code == 422

    items = client.get("/api/v1/audit?entity_type=speech_lexicon", headers=admin).json()
    assert [e["action"] for e in items].count("audio.lexicon.put") == 2


def test_a_missing_voice_model_stops_start_up_naming_the_setting(make_settings, tmp_path):
    with pytest.raises(ConfigurationError, match="TTCS_TTS_MODEL_PATH"):
        build_hub(make_settings(tts_engine="vits", tts_model_path=str(tmp_path / "giong-doc.onnx")))
    with pytest.raises(ConfigurationError, match="TTCS_TTS_MODEL_PATH"):
        build_hub(make_settings(tts_engine="vits"))
    with pytest.raises(ConfigurationError, match="TTCS_ASR_MODEL_PATH"):
        build_hub(make_settings(asr_model_path=str(tmp_path / "vosk-model-vn")))
    build_hub(make_settings(tts_engine="vits", tts_model_path=str(FIXTURE))).close()


def test_int8_without_its_quantised_copy_stops_start_up_and_gets_its_own_cache_key(make_settings, tmp_path):
    model = tmp_path / "giong-doc.onnx"
    shutil.copyfile(FIXTURE, model)
    shutil.copyfile(f"{FIXTURE}.json", f"{model}.json")
    with pytest.raises(ConfigurationError, match="tts-quantize"):
        build_hub(make_settings(tts_engine="vits", tts_model_path=str(model), tts_precision="int8"))
    from voice.tts.vits import quantize

    quantize(model)
    settings = make_settings(tts_engine="vits", tts_model_path=str(model), tts_precision="int8")
    build_hub(settings).close()
    small = renderer.SpeechSettings.of(settings)
    full = renderer.SpeechSettings.of(make_settings(tts_engine="vits", tts_model_path=str(model)))
    assert small.precision == "int8" and full.precision == "fp32"
    assert renderer.tts_key("xin chào", "vi", "vits", small) != renderer.tts_key("xin chào", "vi", "vits", full)
    assert renderer.engine_for("vits", small).voice.id == "giong-doc.int8.onnx"
