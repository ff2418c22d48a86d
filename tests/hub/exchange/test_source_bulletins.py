"""A provincial source system creates, reschedules and cancels bulletins (messages 5–7): they become
our bulletins with their origin, their audio fetched and run through our pipeline, their schedule in
the commune's programme; emergencies are approved at once, others wait for a local approver. Bad
input names the field and imports nothing; a repeated message is handled once."""

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from hub.audio.repository import AudioRepository
from hub.kit.time import VN_TZ
from tests.hub.exchange.conftest import NGUON
from tests.support.source_system import bulletin_message, schedule, wire_time
from tests.support.web import sign_in

EA_KAO = "24169"


def _window() -> tuple[datetime, datetime]:
    start = datetime.now(VN_TZ).replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    return start, start + timedelta(days=3)


def _message(source_system, mp3, ban_tin="BT-2026-0001", **extra):
    start, end = _window()
    link = source_system.serve("tiem-chung.mp3", mp3)
    days = [(start + timedelta(days=1)).date().isoformat()]
    return bulletin_message(NGUON, ban_tin, start, end, link=link, targets=[EA_KAO], times=["06:05:00.000000"],
                            days=days, **extra)  # fmt: skip


def _count(client, headers) -> int:
    return client.get("/api/v1/bulletins?limit=1", headers=headers).json()["total"]


def test_a_bulletin_from_the_source_waits_for_local_approval_with_its_audio_and_schedule(
    client, partner, source_system, mp3, login, hub
):
    headers, approver = partner(), login("duyet.eakao")
    message = _message(source_system, mp3)
    answer = client.post("/api/nguon/v1/ban-tin", json=message, headers=headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["TrangThaiGui"] == 0 and body["BanTinId"] == "BT-2026-0001" and body["TrangThaiDuyet"] == "submitted"
    bid = body["MaBanTin"]

    again = client.post("/api/nguon/v1/ban-tin", json=message, headers=headers)
    assert again.json() == body  # the same message again: one bulletin, the same answer

    shown = client.get(f"/api/v1/bulletins/{bid}", headers=approver).json()
    assert shown["title"] == "Thông báo lịch tiêm chủng mở rộng" and shown["status"] == "submitted"
    assert shown["origin"] == "nguồn 66, bản tin BT-2026-0001"
    with hub.database.uow(write=False) as uow:
        recording = AudioRepository(uow.session).latest_recording(bid, "vi")
        assert recording is not None and recording.bytes == len(mp3)  # the linked audio is its voice
    programme = client.get(f"/api/v1/broadcasts/{EA_KAO}", headers=approver).json()
    item = next(s for s in programme["schedules"] if s["bulletin_id"] == bid)
    assert item["recurrence"] == "once" and item["times"] == ["06:05"]

    assert client.post(f"/api/v1/bulletins/{bid}/approve", headers=approver).json()["status"] == "published"
    web = TestClient(client.app)  # the approver's page says where the bulletin came from
    assert sign_in(web, "duyet.eakao", "ttcs-demo-2026").status_code == 200
    assert "<dt>Nguồn</dt><dd>nguồn 66, bản tin BT-2026-0001</dd>" in web.get(f"/quan-tri/tin/{bid}").text
    web.close()


def test_an_emergency_from_the_source_is_approved_at_once(client, partner, source_system, mp3, login):
    answer = client.post(
        "/api/nguon/v1/ban-tin", json=_message(source_system, mp3, "BT-KC-1", priority=1, mode=2), headers=partner()
    )
    assert answer.json()["TrangThaiDuyet"] == "published", answer.text
    shown = client.get(f"/api/v1/bulletins/{answer.json()['MaBanTin']}", headers=login("duyet.eakao")).json()
    assert shown["priority"] == "emergency"


def test_the_source_reschedules_and_cancels_its_bulletin(client, partner, source_system, mp3, login):
    headers, editor = partner(), login("bientap.eakao")
    bid = client.post("/api/nguon/v1/ban-tin", json=_message(source_system, mp3), headers=headers).json()["MaBanTin"]
    start, end = _window()
    change = {
        "NguonId": NGUON, "BanTinId": "BT-2026-0001", "NgayBatDau": wire_time(start), "NgayKetThuc": wire_time(end),
        "CheDoPhat": 0, "LichPhat": schedule(["17:10:00.000000", "06:15:00.000000"], [], kind=1),
    }  # fmt: skip
    answer = client.post("/api/nguon/v1/ban-tin/lich-phat", json=change, headers=headers)
    assert answer.json()["TrangThaiGui"] == 0, answer.text
    programme = client.get(f"/api/v1/broadcasts/{EA_KAO}", headers=editor).json()
    items = [s for s in programme["schedules"] if s["bulletin_id"] == bid]
    assert [(s["recurrence"], s["times"]) for s in items] == [("daily", ["06:15", "17:10"])]  # the old one is gone

    cancel = {"NguonId": NGUON, "BanTinId": "BT-2026-0001"}
    assert client.post("/api/nguon/v1/ban-tin/huy", json=cancel, headers=headers).json()["TrangThaiGui"] == 0
    assert client.get(f"/api/v1/bulletins/{bid}", headers=editor).json()["status"] == "withdrawn"
    programme = client.get(f"/api/v1/broadcasts/{EA_KAO}", headers=editor).json()
    assert not [s for s in programme["schedules"] if s["bulletin_id"] == bid]
    again = client.post("/api/nguon/v1/ban-tin/huy", json=cancel, headers=headers)
    assert again.json()["TrangThaiGui"] == 0  # the same cancel again is answered as before

    change["LichPhat"] = schedule(["06:20:00.000000"], [], kind=1)
    late = client.post("/api/nguon/v1/ban-tin/lich-phat", json=change, headers=headers)
    assert late.status_code == 409 and late.json()["TruongLoi"] == "BanTinId"
    unknown = client.post("/api/nguon/v1/ban-tin/huy", json={"NguonId": NGUON, "BanTinId": "KHONG-CO"}, headers=headers)
    assert unknown.status_code == 404 and unknown.json()["TruongLoi"] == "BanTinId"


def _drop(name):
    return lambda m: m.pop(name)


def _set(name, value):
    return lambda m: m.update({name: value})


def _schedule(name, value):
    return lambda m: m["LichPhat"].update({name: value})


BAD = [
    ("TieuDe", _drop("TieuDe"), 422),
    ("BanTinId", _drop("BanTinId"), 422),
    ("NgayBatDau", _set("NgayBatDau", "31/12/2026"), 422),
    ("NgayBatDau", _set("NgayBatDau", "2026-02-30T00:00:00.00000"), 422),
    ("NgayKetThuc", _set("NgayKetThuc", "2020-01-01T00:00:00.00000"), 422),
    ("CheDoPhat", _set("CheDoPhat", 3), 422),
    ("MucDoUuTien", _set("MucDoUuTien", 0), 422),
    ("LinhVuc", _set("LinhVuc", 9), 422),
    ("ThoiLuong", _set("ThoiLuong", -1), 422),
    ("LichPhat.KieuLich", _schedule("KieuLich", 4), 422),
    ("LichPhat.ThoiDiemBatDau[0]", _schedule("ThoiDiemBatDau", ["25:00:00.000000"]), 422),
    ("LichPhat.ThoiDiemBatDau", lambda m: m.update(LichPhat=schedule(["22:00:00.000000"], ["2026-12-01"])), 422),
    ("LichPhat.DanhSachNgayPhat[0]", _schedule("DanhSachNgayPhat", ["mai"]), 422),
    ("DanhSachDiaBanNhan", _set("DanhSachDiaBanNhan", []), 422),
    ("DanhSachDiaBanNhan", _set("DanhSachDiaBanNhan", ["24169", "99999"]), 422),
    ("DiaBanTao", _set("DiaBanTao", "88888"), 404),
    ("NoiDung.Link", lambda m: m["NoiDung"].update(Link="ftp://nguon/a.mp3"), 422),
    ("NguonId", _set("NguonId", "67"), 403),
]


@pytest.mark.parametrize(("field", "spoil", "status"), BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_bad_input_names_the_field_and_imports_nothing(
    client, partner, source_system, mp3, login, field, spoil, status
):
    headers, reader = partner(), login("duyet.tinh")
    before = _count(client, reader)
    message = _message(source_system, mp3)
    spoil(message)
    answer = client.post("/api/nguon/v1/ban-tin", json=message, headers=headers)
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["TrangThaiGui"] != 0 and body["TruongLoi"] == field and body["MoTa"]
    if field == "DanhSachDiaBanNhan" and message["DanhSachDiaBanNhan"]:
        assert "99999" in body["MoTa"]  # the unknown code is named
    assert _count(client, reader) == before


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [("html", b"<html>not audio</html>", "text/html"), ("broken", b"ID3" + b"\x00" * 4000, "audio/mpeg")],
)
def test_a_link_that_is_not_playable_audio_is_refused(client, partner, source_system, mp3, login, name, data, kind):
    reader = login("duyet.tinh")
    before = _count(client, reader)
    message = _message(source_system, mp3)
    message["NoiDung"]["Link"] = source_system.serve(f"{name}.mp3", data, kind)
    answer = client.post("/api/nguon/v1/ban-tin", json=message, headers=partner())
    assert answer.status_code == 422 and answer.json()["TruongLoi"] == "NoiDung.Link", answer.text
    missing = dict(message, NoiDung={"Link": f"{source_system.base}/media/khong-co.mp3"})
    assert client.post("/api/nguon/v1/ban-tin", json=missing, headers=partner()).json()["TruongLoi"] == "NoiDung.Link"
    assert _count(client, reader) == before


def test_the_same_ban_tin_id_with_other_content_is_a_conflict(client, partner, source_system, mp3):
    headers = partner()
    assert client.post("/api/nguon/v1/ban-tin", json=_message(source_system, mp3), headers=headers).status_code == 200
    other = _message(source_system, mp3, title="Một tiêu đề khác")
    answer = client.post("/api/nguon/v1/ban-tin", json=other, headers=headers)
    assert answer.status_code == 409 and answer.json()["TruongLoi"] == "BanTinId"
