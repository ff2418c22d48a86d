"""No raw codes or English on the officials' pages (issue 18 item 4): what a device reports it plays
or shows names the bulletin, its link and temperature read in Vietnamese; the audit log names the
states, the system actor, the devices and the areas in Vietnamese; a bulletin's timeline too."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hub.devices import health
from tests.support.demo import PUBLISHED_EA_KAO, demo_bulletin
from tests.support.demo_devices import demo_device_token
from tests.support.device_api import beat
from tests.support.web import text_of

UBND, BUON, BOARD = "860001000000011", "860001000000012", "860001000000091"


def heartbeat(client, imei: str, **extra: object) -> None:
    token = demo_device_token(client.app.state.hub.settings, imei)
    answer = client.post(
        "/api/v1/device/heartbeat", json=beat(imei, **extra), headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200, answer.text


def test_a_device_page_names_what_it_plays_and_reads_its_status_in_vietnamese(browser, client, hub):
    shown_id = demo_bulletin(hub, PUBLISHED_EA_KAO)
    heartbeat(client, BOARD, current_item=f"board:{shown_id}", temperature_c=41.5, connection="4G,-71dbm")
    heartbeat(client, UBND, operating_state="playing", current_item=f"b{shown_id}r1@20990101T0000")
    me = browser("vanhanh.eakao")
    for imei in (BOARD, UBND):
        page = me.get(f"/quan-tri/thiet-bi/{imei}")
        shown = text_of(page.text)
        assert "board:" not in shown and f"b{shown_id}r1" not in shown
        assert f"— {PUBLISHED_EA_KAO}" in shown and f'href="/quan-tri/tin/{shown_id}"' in page.text
        assert "41,5 °C" in shown and "41.5" not in shown
        assert "Kết nối 4G (-71 dBm)" in shown and "dbm" not in shown


def test_the_audit_log_and_timelines_have_no_raw_states_or_actors(browser, client, hub):
    heartbeat(client, BUON)
    with hub.database.uow() as uow:  # what the health job does once the device has been silent
        health.sweep(uow, timedelta(seconds=0), datetime.now(UTC) + timedelta(seconds=1))
        uow.commit()
    heartbeat(client, BUON)
    admin = browser("admin", "admin-password-1")
    page = admin.get("/quan-tri/nhat-ky", params={"entity_type": "device"})
    shown = text_of(page.text)
    assert "Thiết bị mất kết nối → Mất kết nối" in shown and "Thiết bị kết nối → Đang hoạt động" in shown
    assert not re.search(r"→ (online|offline)\b", shown)
    assert not re.search(r"\bsystem\b", shown) and "Hệ thống qua Thiết bị" in shown
    assert f'<a href="/quan-tri/thiet-bi/{BUON}">Thiết bị {BUON}</a>' in page.text
    assert f"Địa bàn {BUON}" not in shown and "Buôn Ea Kao" in shown and "24169-001" not in shown

    cases = text_of(admin.get("/quan-tri/nhat-ky", params={"entity_type": "feedback_case"}).text)
    assert "→ Đã trả lời" in cases and not re.search(r"→ (answered|closed|assigned)\b", cases)

    expired = admin.get("/quan-tri/nhat-ky", params={"entity_type": "bulletin", "actor": "system"})
    (bulletin_id, *_) = re.findall(r'href="/quan-tri/tin/(\d+)"', expired.text)
    timeline = text_of(admin.get(f"/quan-tri/tin/{bulletin_id}").text)
    assert " · system · " not in timeline and " · Hệ thống · " in timeline
