"""The devices pages: an operator sees the devices of their area by state with the last heartbeat in
Vietnam time, filters them, sees them on a map drawn without tiles, opens one, reads its play log and
sends commands the device then carries out; officials of another commune see none of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hub.devices import health
from tests.support.demo_devices import demo_device_token
from tests.support.device_api import beat
from tests.support.web import post_form, text_of

UBND, BUON, CU_MGAR_LOA, BOARD = "860001000000011", "860001000000012", "860002000000021", "860001000000091"


def device(client, imei: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {demo_device_token(client.app.state.hub.settings, imei)}"}


def heartbeat(client, imei: str, **extra: object) -> None:
    body = beat(imei, **extra)
    response = client.post("/api/v1/device/heartbeat", json=body, headers=device(client, imei))
    assert response.status_code == 200, response.text


def go_offline(hub) -> None:
    """What the periodic health job does once a device has been silent long enough."""
    with hub.database.uow() as uow:
        health.sweep(uow, timedelta(seconds=0), datetime.now(UTC) + timedelta(seconds=1))
        uow.commit()


def test_the_operator_sees_the_wards_devices_by_state_with_local_heartbeat_times(browser, client, hub):
    heartbeat(client, BUON)
    go_offline(hub)
    heartbeat(client, UBND, operating_state="playing")
    me = browser("vanhanh.eakao")
    assert 'href="/quan-tri/thiet-bi"' in me.get("/quan-tri/").text
    page = me.get("/quan-tri/thiet-bi")
    assert page.status_code == 200
    shown = text_of(page.text)
    assert "3 thiết bị." in shown
    assert "Cụm loa UBND phường Ea Kao" in shown and "Đang phát" in shown
    assert "Cụm loa Buôn Ea Kao" in shown and "Mất kết nối" in shown
    assert "Bảng tin điện tử phường Ea Kao" in shown and "Chưa kết nối" in shown and "chưa bao giờ" in shown
    assert "Cụm loa UBND xã Cư M’gar" not in shown  # another commune's
    now_local = datetime.now(UTC) + timedelta(hours=7)
    assert now_local.strftime("%d/%m/%Y") in shown  # the heartbeat, in Vietnam time

    offline = text_of(me.get("/quan-tri/thiet-bi", params={"tinh_trang": "offline"}).text)
    assert "1 thiết bị." in offline and "Cụm loa Buôn Ea Kao" in offline and "UBND phường" not in offline
    playing = text_of(me.get("/quan-tri/thiet-bi", params={"tinh_trang": "playing"}).text)
    assert "1 thiết bị." in playing and "Cụm loa UBND phường Ea Kao" in playing
    boards = text_of(me.get("/quan-tri/thiet-bi", params={"loai": "eboard"}).text)
    assert "1 thiết bị." in boards and "Bảng tin điện tử" in boards
    village = text_of(me.get("/quan-tri/thiet-bi", params={"khu_vuc": "24169-001"}).text)
    assert "1 thiết bị." in village and "Cụm loa Buôn Ea Kao" in village
    search = text_of(me.get("/quan-tri/thiet-bi", params={"q": "860001000000091"}).text)
    assert "1 thiết bị khớp với “860001000000091”" in search and "Bảng tin điện tử" in search


def test_the_map_is_an_inline_picture_without_tiles(browser):
    page = browser("vanhanh.eakao").get("/quan-tri/thiet-bi").text
    assert "Bản đồ thiết bị" in page and "<svg" in page
    assert 'href="/quan-tri/thiet-bi/860001000000012"' in page.split("<svg", 1)[1]
    assert "tile" not in page.lower() and "https://" not in page  # nothing fetched from elsewhere
    assert "Vị trí 3 thiết bị theo tọa độ" in page


def test_a_commune_official_never_sees_another_communes_devices(browser):
    me = browser("bientap.cumgar")
    shown = text_of(me.get("/quan-tri/thiet-bi").text)
    assert "1 thiết bị." in shown and "Cụm loa UBND xã Cư M’gar" in shown and "Ea Kao" not in shown
    assert me.get(f"/quan-tri/thiet-bi/{UBND}").status_code == 403
    assert me.get("/quan-tri/thiet-bi", params={"khu_vuc": "24169"}).status_code == 403
    refused = post_form(me, "/quan-tri/thiet-bi", f"/quan-tri/thiet-bi/{UBND}/lenh", {"lenh": "stop"})
    assert refused.status_code == 403


def test_the_device_page_shows_details_play_log_and_sends_a_volume_command_the_device_carries_out(
    browser, client, login
):
    heartbeat(client, UBND, temperature_c=41.5, power={"mains": False, "battery_pct": 63}, alarms=["mains_lost"])
    start = datetime.now(UTC) - timedelta(minutes=30)
    logs = {
        "device_id": UBND,
        "entries": [
            {
                "item_id": "b1r1@x",
                "start": start.isoformat(),
                "end": (start + timedelta(minutes=2)).isoformat(),
                "result": "interrupted",
            }
        ],
    }
    assert client.post("/api/v1/device/playlog", json=logs, headers=device(client, UBND)).status_code == 200
    me = browser("vanhanh.eakao")
    page = text_of(me.get(f"/quan-tri/thiet-bi/{UBND}").text)
    assert "Cụm loa UBND phường Ea Kao" in page and "Trụ sở UBND phường" in page
    assert "Cảnh báo: Mất điện lưới" in page and "pin 63 %" in page and "41,5 °C" in page
    assert "Bị ngắt" in page and (start + timedelta(hours=7)).strftime("%H:%M %d/%m/%Y") in page
    assert "Chưa gửi lệnh nào." in page

    sent = post_form(
        me, f"/quan-tri/thiet-bi/{UBND}", f"/quan-tri/thiet-bi/{UBND}/lenh", {"lenh": "volume", "volume": "40"}
    )
    shown = text_of(sent.text)
    assert "Đã gửi lệnh đặt âm lượng 40." in shown and "Đặt âm lượng 40 " in shown and "Đang chờ thiết bị nhận" in shown

    # The device fetches and acknowledges the command; the page then says so and shows the new volume.
    queued = client.get("/api/v1/device/commands", headers=device(client, UBND)).json()
    assert [(c["kind"], c["args"]) for c in queued] == [("volume", {"volume": 40})]
    ack = {"device_id": UBND, "acks": [{"id": queued[0]["id"], "result": "done"}]}
    assert client.post("/api/v1/device/commands/ack", json=ack, headers=device(client, UBND)).status_code == 200
    after = text_of(me.get(f"/quan-tri/thiet-bi/{UBND}").text)
    assert "Đã thực hiện" in after and "Âm lượng 40" in after

    admin = login("admin", "admin-password-1")
    trail = client.get("/api/v1/audit", params={"entity_type": "device"}, headers=admin).json()
    assert any(r["action"] == "device.command" and r["entity_id"] == UBND and r["channel"] == "web" for r in trail)
    log = text_of(browser("admin", "admin-password-1").get("/quan-tri/nhat-ky", params={"entity_type": "device"}).text)
    assert "Gửi lệnh cho thiết bị" in log and "Thiết bị báo sự cố" in log  # the audit page reads it in Vietnamese


def test_stop_replay_and_restart_are_queued_and_a_bad_volume_is_refused_in_vietnamese(browser, client):
    me = browser("vanhanh.eakao")
    for kind, said in (("stop", "dừng phát"), ("replay", "phát lại"), ("restart", "khởi động lại")):
        sent = post_form(me, f"/quan-tri/thiet-bi/{BUON}", f"/quan-tri/thiet-bi/{BUON}/lenh", {"lenh": kind})
        assert f"Đã gửi lệnh {said}." in text_of(sent.text)
    queued = client.get("/api/v1/device/commands", headers=device(client, BUON)).json()
    assert [c["kind"] for c in queued] == ["stop", "replay", "restart"]
    acks = [
        {"id": queued[0]["id"], "result": "done"},
        {"id": queued[2]["id"], "result": "failed", "detail": "không đủ bộ nhớ"},
    ]
    acked = client.post(
        "/api/v1/device/commands/ack", json={"device_id": BUON, "acks": acks}, headers=device(client, BUON)
    )
    assert acked
    page = text_of(me.get(f"/quan-tri/thiet-bi/{BUON}").text)
    assert "Khởi động lại" in page and "Thiết bị báo lỗi" in page and "— không đủ bộ nhớ" in page
    assert page.count("Đã thực hiện") == 1 and page.count("Đang chờ thiết bị nhận") == 1
    bad = post_form(
        me, f"/quan-tri/thiet-bi/{BUON}", f"/quan-tri/thiet-bi/{BUON}/lenh", {"lenh": "volume", "volume": "150"}
    )
    assert bad.status_code == 422 and "Âm lượng phải từ 0 đến 100." in text_of(bad.text)
    assert len(client.get("/api/v1/device/commands", headers=device(client, BUON)).json()) == 1  # only the replay waits


def test_an_editor_sees_devices_but_gets_no_command_buttons_and_is_refused(browser):
    me = browser("bientap.eakao")
    page = text_of(me.get(f"/quan-tri/thiet-bi/{UBND}").text)
    assert "Cụm loa UBND phường Ea Kao" in page and "Gửi lệnh" not in page
    refused = post_form(me, f"/quan-tri/thiet-bi/{UBND}", f"/quan-tri/thiet-bi/{UBND}/lenh", {"lenh": "restart"})
    assert refused.status_code == 403 and "Vận hành thiết bị" in text_of(refused.text)


def test_a_command_without_the_pages_csrf_token_is_refused(browser, client):
    me = browser("vanhanh.eakao")
    me.get(f"/quan-tri/thiet-bi/{UBND}")
    forged = me.post(f"/quan-tri/thiet-bi/{UBND}/lenh", data={"lenh": "restart", "csrf_token": "forged"})
    assert forged.status_code == 403 and "Biểu mẫu đã quá hạn" in text_of(forged.text)
    assert client.get("/api/v1/device/commands", headers=device(client, UBND)).json() == []
