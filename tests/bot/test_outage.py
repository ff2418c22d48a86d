"""Honest answers while PostgreSQL is down: no channel says a message was received unless it was
stored. The web chat answers 503 "not received" (the widget sends it again); Telegram and Zalo get a
non-2xx answer so their clouds deliver again. Once the database is back, each message is stored and
answered exactly once."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from tests.bot.test_telegram import CITIZEN_CHAT, message, post
from tests.bot.test_zalo import USER, deliver, zalo_api, zalo_hub  # noqa: F401 (fixtures)
from tests.support.feedback import drain
from tests.support.zalo_server import user_event

pytestmark = pytest.mark.postgres_only


def stored(database_url: str, channel: str) -> int:
    engine = create_engine(database_url)
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM chat_inbound WHERE channel = :c"), {"c": channel}).scalar_one()
    engine.dispose()
    return int(count)


def test_with_the_database_down_the_web_chat_says_the_message_was_not_received(chat, pg_cluster, database_url):
    if pg_cluster is None:
        pytest.skip("needs the throwaway cluster to stop and start it")
    body = {"sender": "ba-con-ngap", "message": "Đường tổ 3 bị ngập sâu", "message_id": "m-ngap-1"}
    pg_cluster.stop()
    try:
        down = chat.post("/webhooks/rest/webhook", json=body)
    finally:
        pg_cluster.start()
    assert down.status_code == 503
    assert down.json()["code"] == "chat_not_received"
    assert "CHƯA được nhận" in down.json()["detail"] and "đã được ghi nhận" not in down.json()["detail"]
    assert stored(database_url, "web") == 0

    again = chat.post("/webhooks/rest/webhook", json=body)  # the widget's retry, same message id
    assert again.status_code == 200 and again.json()
    assert chat.post("/webhooks/rest/webhook", json=body).json() == again.json()
    assert stored(database_url, "web") == 1


def test_telegram_and_zalo_are_told_to_deliver_again_while_the_database_is_down(
    chat,
    chat_hub,
    telegram_api,
    zalo_hub,  # noqa: F811
    zalo_api,  # noqa: F811
    pg_cluster,
    database_url,
):
    if pg_cluster is None:
        pytest.skip("needs the throwaway cluster to stop and start it")
    hub, zalo_client = zalo_hub
    update = message(CITIZEN_CHAT, "xin chao", update_id=31337)
    event = user_event(USER, text="xin chao", msg_id="zalo-outage-1")
    pg_cluster.stop()
    try:
        assert post(chat, update).status_code == 503
        assert deliver(zalo_client, event) == 503
    finally:
        pg_cluster.start()
    assert post(chat, update).status_code == 200  # the clouds deliver again
    assert deliver(zalo_client, event) == 200
    drain(chat_hub)
    drain(hub)
    assert len(telegram_api.texts_to(CITIZEN_CHAT)) == 1
    assert len(zalo_api.texts_to(USER)) == 1
    assert stored(database_url, "telegram") == 1 and stored(database_url, "zalo") == 1
