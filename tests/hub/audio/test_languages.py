"""Every language on the loudspeakers (issue 15, section 3): a commune chooses which languages it
broadcasts and in which order; the manifest carries each language's audio in that order; a bulletin
without the commune's language recording plays in Vietnamese only and the dashboard says so; play
logs name the language that played. And the portal's players, by content hash (section 4)."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import update

from hub.accounts.model import Principal
from hub.audio import languages
from hub.bootstrap import build_hub
from hub.jobs.tables import job_table
from hub.jobs.worker import Worker
from hub.kit.time import VN_TZ
from tests.support.device_api import CU_MGAR, EA_KAO, add_device, bearer
from voice.audio import write
from voice.tts import make_engine

ADMIN = ("admin", "admin-password-1")


@pytest.fixture
def hub(settings):
    built = build_hub(settings)
    with built.database.uow() as uow:  # the demo's own audio is not what these tests are about
        uow.session.execute(update(job_table).where(job_table.c.kind == "audio.render").values(status="done"))
        uow.commit()
    yield built
    built.close()


@pytest.fixture
def drain(hub):
    def run() -> None:
        worker = Worker(hub)
        for _ in range(50):  # a failed attempt is retried after a (tiny, in tests) backoff
            worker.drain()
            with hub.database.uow(write=False) as uow:
                if not uow.jobs.counts().get("queued"):
                    return

    return run


def _bulletin_with_ede(client, editor, approver, title: str) -> int:
    body = {
        "title": title,
        "body": f"{title}. Bà con đến đúng giờ.",
        "category": "local_affairs",
        "target_codes": [EA_KAO],
        "variants": [{"lang": "ede", "title": "Klei mđar", "body": "Klei mđar kơ ană buôn."}],
    }
    created = client.post("/api/v1/bulletins", json=body, headers=editor)
    assert created.status_code == 201, created.text
    bid = created.json()["id"]
    assert client.post(f"/api/v1/bulletins/{bid}/submit", headers=editor).status_code == 200
    assert client.post(f"/api/v1/bulletins/{bid}/approve", headers=approver).status_code == 200
    return bid


def _schedule_soon(client, operator, editor, bid: int) -> None:
    rules = {"windows": [], "quiet": [], "max_volume": 90, "interrupt_policy": "resume"}
    assert client.put(f"/api/v1/broadcasts/{EA_KAO}/rules", json=rules, headers=operator).status_code == 200
    at = datetime.now(VN_TZ).replace(microsecond=0) + timedelta(minutes=5)
    body = {
        "bulletin_id": bid,
        "recurrence": "once",
        "times": [at.strftime("%H:%M:%S")],
        "days": [at.date().isoformat()],
    }
    answer = client.post(f"/api/v1/broadcasts/{EA_KAO}/schedules", json=body, headers=editor)
    assert answer.status_code == 201, answer.text


def _upload_ede(client, editor, bid: int, tmp_path) -> None:
    voice = make_engine("espeak").synthesize("Ama H'Linh thông báo cho buôn Ea Kao.")
    recording = write(voice, tmp_path / "ede.mp3", "mp3")
    uploaded = client.post(
        "/api/v1/audio/recordings",
        data={"bulletin_id": str(bid), "lang": "ede"},
        files={"file": ("ban-tin-ede.mp3", recording.read_bytes(), "audio/mpeg")},
        headers=editor,
    )
    assert uploaded.status_code == 201, uploaded.text


def _item(client, token: str, bid: int) -> dict:
    manifest = client.get("/api/v1/device/manifest", headers=bearer(token)).json()
    return next(i for i in manifest["items"] if i["bulletin_id"] == bid)


def test_who_may_choose_a_communes_languages_and_what_is_refused(client, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    url = f"/api/v1/audio/languages/{EA_KAO}"
    default = client.get(url, headers=editor).json()
    assert [x["code"] for x in default["langs"]] == ["vi"] and default["chosen_by"] is None

    assert client.put(url, json={"langs": ["vi", "ede"]}, headers=editor).status_code == 403  # editors don't
    other = client.put(f"/api/v1/audio/languages/{CU_MGAR}", json={"langs": ["vi", "ede"]}, headers=approver)
    assert other.status_code == 403 and "Cư M" in other.json()["detail"]  # nor another commune's approver
    no_vi = client.put(url, json={"langs": ["ede"]}, headers=approver)
    assert no_vi.status_code == 422 and "tiếng Việt" in no_vi.json()["detail"]
    unknown = client.put(url, json={"langs": ["vi", "klingon"]}, headers=approver)
    assert unknown.status_code == 422 and unknown.json()["code"] == "language_unknown"

    chosen = client.put(url, json={"langs": ["ede", "vi", "ede"]}, headers=approver)
    assert chosen.status_code == 200, chosen.text
    assert [x["code"] for x in chosen.json()["langs"]] == ["ede", "vi"]  # repeats dropped, order kept
    village = client.get(f"/api/v1/audio/languages/{EA_KAO}-001", headers=editor).json()
    assert [x["code"] for x in village["langs"]] == ["ede", "vi"] and village["chosen_by"] == EA_KAO

    trail = client.get("/api/v1/audit?entity_type=area", headers=login(*ADMIN)).json()
    assert any(e["action"] == "audio.languages.set" and e["actor_name"] == "duyet.eakao" for e in trail)


def test_the_manifest_carries_each_language_in_the_communes_order(client, login, drain, hub, tmp_path):
    editor, approver, operator = login("bientap.eakao"), login("duyet.eakao"), login("vanhanh.eakao")
    token = add_device(client, operator, "EK-LANG-1")
    elsewhere = add_device(client, login(*ADMIN), "CM-LANG-1", area=CU_MGAR)
    put = client.put(f"/api/v1/audio/languages/{EA_KAO}", json={"langs": ["vi", "ede"]}, headers=approver)
    assert put.status_code == 200

    bid = _bulletin_with_ede(client, editor, approver, "Họp dân về đường liên thôn")
    drain()
    _schedule_soon(client, operator, editor, bid)
    item = _item(client, token, bid)
    assert item["audio"] and item["variants"] == []  # no Ê Đê recording yet: Vietnamese only …
    with hub.database.uow(write=False) as uow:  # … and the dashboard says so
        found = languages.vietnamese_only(uow, Principal.system("test"))
    missing = next(m for m in found if m.bulletin.id == bid)
    assert missing.langs == ["ede"] and "Phường Ea Kao" in missing.area_names

    _upload_ede(client, editor, bid, tmp_path)
    drain()
    item = _item(client, token, bid)
    assert [v["lang"] for v in item["variants"]] == ["vi", "ede"]
    assert item["variants"][0]["audio"] == item["audio"]  # the Vietnamese one is `audio` too (older players)
    assert item["duration_ms"] == sum(v["audio"]["duration_ms"] for v in item["variants"])
    assert "lang=ede" in item["variants"][1]["audio"]["url"]
    url = urlsplit(item["variants"][1]["audio"]["url"])
    ede = client.get(f"{url.path}?{url.query}", headers=bearer(token))
    assert ede.status_code == 200 and ede.headers["content-type"] == "audio/mpeg"
    with hub.database.uow(write=False) as uow:
        assert all(m.bulletin.id != bid for m in languages.vietnamese_only(uow, Principal.system("test")))

    # The commune puts Ê Đê first: its devices collect the new order.
    client.put(f"/api/v1/audio/languages/{EA_KAO}", json={"langs": ["ede", "vi"]}, headers=approver)
    assert [v["lang"] for v in _item(client, token, bid)["variants"]] == ["ede", "vi"]
    # Cư M'gar broadcasts Vietnamese only: its manifest is as it always was.
    assert all(
        not i["variants"] for i in client.get("/api/v1/device/manifest", headers=bearer(elsewhere)).json()["items"]
    )


def test_play_logs_say_which_language_played(client, login):
    token = add_device(client, login("vanhanh.eakao"), "EK-LANG-2")
    start = datetime.now(VN_TZ).replace(microsecond=0)
    entries = [
        {"item_id": "x-1", "start": start.isoformat(), "end": (start + timedelta(seconds=9)).isoformat(),
         "result": "played", "lang": "vi"},
        {"item_id": "x-1", "start": (start + timedelta(seconds=9)).isoformat(),
         "end": (start + timedelta(seconds=20)).isoformat(), "result": "played", "lang": "ede"},
    ]  # fmt: skip
    sent = client.post(
        "/api/v1/device/playlog", json={"device_id": "EK-LANG-2", "entries": entries}, headers=bearer(token)
    )
    assert sent.status_code == 200 and sent.json()["accepted"] == 2, sent.text
    logged = client.get("/api/v1/devices/EK-LANG-2/playlog", headers=login("vanhanh.eakao")).json()
    assert sorted(e["lang"] for e in logged) == ["ede", "vi"]


def test_the_portal_plays_every_language_of_a_published_bulletin_cached_by_content(client, login, drain, tmp_path):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    bid = _bulletin_with_ede(client, editor, approver, "Tiêm phòng cho trâu bò")
    _upload_ede(client, editor, bid, tmp_path)
    drain()
    page = client.get(f"/xa/{EA_KAO}/tin/{bid}")
    assert page.status_code == 200
    urls = [part.split('"')[0] for part in page.text.split('src="/api/v1/audio/files/')[1:]]
    assert len(urls) == 2, page.text  # Vietnamese and Ê Đê
    assert "Nghe bản tiếng Việt" in page.text and "Nghe bản tiếng Ê Đê" in page.text

    first = client.get(f"/api/v1/audio/files/{urls[0]}")
    assert first.status_code == 200 and first.headers["content-type"] == "audio/mpeg"
    assert first.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert first.headers["etag"] == f'"{urls[0].removesuffix(".mp3")}"'
    again = client.get(f"/api/v1/audio/files/{urls[0]}", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    part = client.get(f"/api/v1/audio/files/{urls[0]}", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.content == first.content[:100]

    assert client.get("/api/v1/audio/files/" + "0" * 64 + ".mp3").status_code == 404
    assert client.get("/api/v1/audio/files/not-a-hash.mp3").json()["code"] == "audio_file_not_found"
    withdrawn = client.post(f"/api/v1/bulletins/{bid}/withdraw", json={"reason": "Sai lịch"}, headers=approver)
    assert withdrawn.status_code == 200
    assert client.get(f"/api/v1/audio/files/{urls[0]}").status_code == 404  # no longer published
