"""A device that stops reporting reaches its operator's chat: health sweep → `DeviceWentOffline` →
the outage job → a notice on the `staff` channel → the official's linked Telegram chat."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from hub.devices import health
from hub.devices.repository import DeviceRepository
from hub.devices.settings import DeviceSettings
from hub.kit.time import utcnow
from tests.bot.test_telegram import OFFICIAL_CHAT, link
from tests.support.device_api import add_device, bearer, beat
from tests.support.feedback import drain

IMEI = "860000000000777"
OTHER_CHAT = 5009


def test_a_silent_device_is_told_once_to_its_operators_chat_in_vietnam_time(chat, chat_hub, telegram_api, login):
    link(chat, telegram_api, login, "vanhanh.eakao", OFFICIAL_CHAT)
    link(chat, telegram_api, login, "bientap.eakao", OTHER_CHAT)  # an editor of the commune: not told
    token = add_device(chat, login("vanhanh.eakao"), IMEI)
    assert chat.post("/api/v1/device/heartbeat", json=beat(IMEI), headers=bearer(token)).status_code == 200
    with chat_hub.database.uow(write=False) as uow:
        last_seen = DeviceRepository(uow.session).by_imei(IMEI).last_seen_at
    offline_after = timedelta(seconds=chat_hub.settings.of(DeviceSettings).device_offline_after)
    silent_since = utcnow() + offline_after + timedelta(minutes=1)  # the test clock: the device stopped
    for tick in range(3):  # health ticks through one outage
        with chat_hub.database.uow() as uow:
            health.sweep(uow, offline_after, now=silent_since + tick * timedelta(seconds=30))
            uow.commit()
        drain(chat_hub)
    told = [text for text in telegram_api.texts_to(OFFICIAL_CHAT) if IMEI in text]
    assert len(told) == 1, told
    shown = last_seen.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M %d/%m/%Y")
    assert f"Loa {IMEI}" in told[0] and "Phường Ea Kao" in told[0] and "mất kết nối" in told[0]
    assert f"lần cuối gửi tín hiệu lúc {shown}" in told[0]
    assert not [text for text in telegram_api.texts_to(OTHER_CHAT) if IMEI in text]
    # back, then silent again: a new outage, a new notice
    assert chat.post("/api/v1/device/heartbeat", json=beat(IMEI), headers=bearer(token)).status_code == 200
    with chat_hub.database.uow() as uow:
        health.sweep(uow, offline_after, now=utcnow() + offline_after + timedelta(minutes=1))
        uow.commit()
    drain(chat_hub)
    assert len([text for text in telegram_api.texts_to(OFFICIAL_CHAT) if IMEI in text]) == 2
