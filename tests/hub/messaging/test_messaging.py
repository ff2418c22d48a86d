"""The outbox: one delivery record per message; a channel without a sender keeps its messages until
one is configured; permanent refusals and transient failures are told apart; hotline callers get
their answer by SMS when a gateway is configured."""

import time
from datetime import timedelta

import pytest

from hub.bootstrap import build_hub
from hub.contacts import service as contacts
from hub.jobs.worker import Worker
from hub.kit.time import utcnow
from hub.messaging import service as messaging
from hub.messaging.model import Kind
from tests.support import senders_plugin
from tests.support.feedback import drain, file_direct
from tests.support.sms_gateway import SmsGateway


def send(hub, channel, sender, text="Trả lời phản ánh PA-2026-000001: đã xử lý."):
    with hub.database.uow() as uow:
        contact = contacts.identify(uow, channel, sender)
        message = messaging.queue(uow, text, Kind.ANSWER, contact=contact, reference="PA-2026-000001")
        uow.commit()
        return message.id


def message(hub, message_id):
    with hub.database.uow() as uow:
        return uow.messages.get(message_id)


@pytest.fixture
def zalo_hub(make_settings):
    senders_plugin.SENT.clear()
    built = build_hub(make_settings(plugins="tests.support.senders_plugin"))
    yield built
    built.close()


def test_a_channel_without_a_sender_keeps_the_message_queued_until_one_is_configured(hub, zalo_hub):
    mid = send(hub, "fakechat", "zalo-user-1")
    drain(hub)
    assert message(hub, mid).status == "queued"  # the chat adapter is not there yet: not lost, not failed
    with zalo_hub.database.uow() as uow:  # the same database, now with a Zalo sender
        messaging.sweep(uow, zalo_hub, now=utcnow() + timedelta(minutes=2))
        uow.commit()
    drain(zalo_hub)
    delivered = message(zalo_hub, mid)
    assert delivered.status == "sent" and delivered.provider_id == f"zalo-msg-{mid}"
    mine = [sent for sent in senders_plugin.SENT if sent[0] == "zalo-user-1"]
    assert mine == [("zalo-user-1", "Trả lời phản ánh PA-2026-000001: đã xử lý.")]
    with zalo_hub.database.uow() as uow:  # a second sweep, and the jobs again: nothing is sent twice
        messaging.sweep(uow, zalo_hub, now=utcnow() + timedelta(minutes=4))
        uow.commit()
    drain(zalo_hub)
    assert [sent for sent in senders_plugin.SENT if sent[0] == "zalo-user-1"] == mine


def test_a_permanent_refusal_is_recorded_as_undeliverable_without_retrying(zalo_hub):
    mid = send(zalo_hub, "fakechat", "refuse-outside-window")
    drain(zalo_hub)
    refused = message(zalo_hub, mid)
    assert refused.status == "undeliverable" and "khung 7 ngày" in refused.last_error and refused.attempts == 1
    with zalo_hub.database.uow() as uow:
        jobs, _ = uow.jobs.list(kind=messaging.DELIVER)
    assert all(j.status == "done" for j in jobs)


def test_a_transient_failure_is_retried_with_backoff_then_marked_failed(zalo_hub):
    mid = send(zalo_hub, "fakechat", "flaky-network")
    worker = Worker(zalo_hub)
    for attempt in range(1, 6):
        with zalo_hub.database.uow() as uow:
            [job] = [j for j in uow.jobs.list(kind=messaging.DELIVER)[0] if j.payload["message_id"] == mid]
            due = job.run_after
        time.sleep(max(0.0, (due - utcnow()).total_seconds()) + 0.02)
        assert worker.run_once()
        seen = message(zalo_hub, mid)
        assert seen.attempts == attempt and "không trả lời" in seen.last_error
        assert seen.status == ("failed" if attempt == 5 else "queued")
    with zalo_hub.database.uow() as uow:
        assert uow.jobs.get(job.id).status == "dead"  # shown to admins, who may retry it


def test_web_messages_are_kept_for_the_page_and_marked_read_when_picked_up(client, hub):
    sender = "browser-random-id-0001"
    mid = send(hub, "web", sender)
    drain(hub)
    assert message(hub, mid).status == "kept"
    [picked] = client.get("/api/v1/public/messages", params={"sender": sender}).json()
    assert picked["id"] == mid and picked["read_at"] is not None
    assert client.get("/api/v1/public/messages", params={"sender": sender, "after": mid}).json() == []
    assert client.get("/api/v1/public/messages", params={"sender": "0912345678"}).status_code == 422


def test_a_hotline_caller_gets_the_answer_by_sms_when_a_gateway_is_configured(make_settings, client, login):
    with SmsGateway() as gateway:
        hub = build_hub(make_settings(sms_url=gateway.url, sms_token="bi-mat"))
        try:
            code = file_direct(hub, "ivr", "0912 345 679", "Loa phát quá to.")
            answered = client.post(
                f"/api/v1/feedback/{code}/answer", json={"text": "Đã giảm âm lượng."}, headers=login("duyet.eakao")
            )
            assert answered.status_code == 200
            drain(hub)
            [sms] = gateway.received
            assert sms["to"] == "0912345679" and "Đã giảm âm lượng." in sms["text"] and code in sms["text"]
            assert gateway.headers[0]["Authorization"] == "Bearer bi-mat"
            [sent] = client.get(f"/api/v1/feedback/{code}", headers=login("duyet.eakao")).json()["messages"]
            assert sent["status"] == "sent" and sent["channel"] == "ivr"

            gateway.status = 404  # a number that does not exist
            mid = send(hub, "ivr", "0999999999")
            drain(hub)
            assert message(hub, mid).status == "undeliverable"
        finally:
            hub.close()


def test_without_a_gateway_the_answer_waits_for_the_callers_status_check(client, hub, login):
    code = file_direct(hub, "ivr", "0912345680", "Loa phát quá to.")
    client.post(f"/api/v1/feedback/{code}/answer", json={"text": "Đã giảm âm lượng."}, headers=login("duyet.eakao"))
    drain(hub)
    [kept] = client.get(f"/api/v1/feedback/{code}", headers=login("duyet.eakao")).json()["messages"]
    assert kept["status"] == "kept"
    from hub.feedback import citizen_view
    from hub.feedback.config import feedback_config

    with hub.database.uow() as uow:  # what the hotline reads to a caller recognised by their number
        caller = contacts.identify(uow, "ivr", "0912345680")
        status = citizen_view.status(uow, feedback_config(hub), code, contact=caller)
    assert status.answer == "Đã giảm âm lượng." and status.is_reporter
