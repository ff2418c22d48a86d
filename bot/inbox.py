"""Inbound messages: stored before they are acknowledged, processed once.

    webhook:  store (deduplicated by the channel's message id) + a `chat.process` job → commit → 200
              → right after, in the same process: process it and deliver the replies (fast path)
    web REST: store and process in one transaction → the replies in the response (the request is the
              acknowledgement: a request that fails stores the message with its job, and says so)
    crash:    the job, due `TTCS_CHAT_PROCESS_GRACE_SECONDS` after the message arrived, is taken by any
              worker and processes the stored message; a repeated delivery finds it stored

Processing locks the stored message and marks it processed in the transaction that writes its
effects and its replies, so it happens once however many processes try. Replies to push channels
go through the outbox (one delivery record each, retried with backoff); replies given in a web
request are kept on the stored message, so a retried request gets the same ones.
"""

from __future__ import annotations

import logging
import traceback
from datetime import timedelta
from typing import Any

from bot.channels import media
from bot.dialogue.reply import Reply, as_text, encode_choices
from bot.model import Conversation, Inbound, InboundMessage
from bot.repository import ConversationRepository, InboundRepository
from bot.runtime import runtime_for
from bot.settings import BotSettings
from hub.contacts import service as contacts
from hub.contacts.model import Contact
from hub.context import Hub
from hub.db.uow import UnitOfWork
from hub.jobs.worker import JobContext
from hub.kit.time import utcnow
from hub.messaging import service as messaging
from hub.messaging.model import Kind

log = logging.getLogger(__name__)

PROCESS = "chat.process"
SYNCHRONOUS = frozenset({"web"})  # channels that answer in the response to the request
TEXT_ONLY = frozenset({"sms"})  # channels whose sender sends the text alone


class NotReceived(Exception):
    """The message could not be stored (the database is unreachable): the sender must be told it was
    not received, so that they (or the widget, or the channel's cloud) send it again."""


def receive(uow: UnitOfWork, hub: Hub, inbound: Inbound) -> tuple[InboundMessage, bool]:
    """Store a delivery and the job that processes it; (the stored message, was it new)."""
    now = utcnow()
    contact = contacts.identify(uow, inbound.channel, inbound.sender, now=now)
    message = InboundMessage.of(inbound, contact.id, now)
    # The job first, naming the message by its channel's key, so that the message is written once,
    # with its job (no second statement to attach it). No dedupe key: the message row is unique
    # already, and this is the hot path.
    grace = timedelta(seconds=hub.settings.of(BotSettings).chat_process_grace_seconds)
    payload = {"channel": message.channel, "message_key": message.message_key}
    message.job_id = uow.jobs.enqueue(PROCESS, payload, now=now, run_after=now + grace)
    stored, created = InboundRepository(uow.session).add_new(message)
    if created:
        messaging.release_waiting(uow, contact, now)  # what waited for them (a closed window) goes now
    elif message.job_id is not None:  # delivered again: the first delivery's job has the message
        uow.jobs.finish_queued(now, job_id=message.job_id)
    return stored, created


def process(
    uow: UnitOfWork,
    hub: Hub,
    inbound_id: int,
    *,
    in_request: bool = False,
    held: tuple[InboundMessage, Contact, Conversation] | None = None,
) -> InboundMessage | None:
    """Understand and answer a stored message, once. Replies go to the outbox, except when a web
    request is waiting for them (`in_request`). `held`: the message, contact and conversation the
    caller already holds locked in this transaction."""
    stored: InboundMessage | None
    contact: Contact | None
    conversation: Conversation | None
    if held is not None:
        stored, contact, conversation = held
    else:
        stored = InboundRepository(uow.session).get(inbound_id, for_update=True)
        if stored is None or stored.processed or stored.contact_id is None:
            return stored
        contact, conversation = uow.contacts.get(stored.contact_id), None
        if contact is None:
            return stored
    if stored.processed:
        return stored
    now = utcnow()
    inbound = stored.as_inbound(contact.channel_user_id)
    refused: list[str] = []
    if inbound.images:  # photos fetched, checked and stored before the dialogue counts them
        inbound = media.keep_images(hub, inbound, refused)
        stored.data = {**stored.data, "images": list(inbound.images)}
    replies: list[Reply] = []
    if refused:
        replies.append(Reply(media.REFUSED.format(why=refused[0])))
    if not (refused and not inbound.images and not inbound.text):  # a refused photo alone: that is the answer
        replies += runtime_for(hub).dialogue.respond(uow, contact, inbound, conversation)
    kept = []
    for reply in replies:
        data = reply.as_dict()
        if not (in_request and stored.channel in SYNCHRONOUS):
            plain = stored.channel in TEXT_ONLY  # no buttons: the choices numbered in the text
            message = messaging.queue(
                uow,
                as_text(reply) if plain else reply.text,
                Kind.REPLY,
                contact=contact,
                choices=() if plain else encode_choices(reply.choices),
                reference=f"chat:{stored.id}",
            )
            data["message_id"] = message.id
        kept.append(data)
    stored.done(kept, now)
    if stored.job_id is not None:
        uow.jobs.finish_queued(now, job_id=stored.job_id)
    return stored


def handle_now(hub: Hub, inbound_id: int) -> None:
    """The fast path after a webhook's acknowledgement: process, then deliver the replies. Any failure
    leaves the work to the job queue (the message's job, the replies' delivery jobs)."""
    try:
        with hub.database.uow() as uow:
            stored = process(uow, hub, inbound_id)
            uow.commit()
    except Exception:
        log.exception("chat: inbound %s not processed now; a worker will retry it", inbound_id)
        return
    for data in stored.replies if stored is not None else ():
        if data.get("message_id"):
            deliver_now(hub, int(data["message_id"]))


def deliver_now(hub: Hub, message_id: int) -> None:
    try:
        with hub.database.uow() as uow:
            messaging.deliver(uow, hub, message_id)
            uow.jobs.finish_queued(utcnow(), dedupe_key=messaging.delivery_key(message_id))
            uow.commit()
    except Exception as exc:
        error = "".join(traceback.format_exception_only(exc)).strip()
        log.warning("chat: message %s not delivered now (%s); its job will retry", message_id, error)
        with hub.database.uow() as uow:
            messaging.record_failure(uow, message_id, error, final=False)
            uow.commit()


def converse(hub: Hub, inbound: Inbound, *, retry_window: timedelta | None = None) -> list[Reply]:
    """A web request: store and answer the message in one transaction; the replies. A repeated
    request (same message id, or the same text again within `retry_window`) gets the first's replies.
    If answering fails, the message is stored with its job (a worker answers it into the mailbox)
    and the error raised; if it cannot even be stored, `NotReceived` is raised."""
    now = utcnow()
    try:
        with hub.database.uow() as uow:
            contact = contacts.identify(uow, inbound.channel, inbound.sender, now=now)
            conversation = ConversationRepository(uow.session).open(contact.id, now)  # one turn at a time
            inbound_repo = InboundRepository(uow.session)
            found = _repeat(inbound_repo, contact.id, inbound, now - retry_window) if retry_window else None
            if found is None:
                found, _ = inbound_repo.add_new(InboundMessage.of(inbound, contact.id, now))
            process(uow, hub, found.id, in_request=True, held=(found, contact, conversation))
            replies = [Reply.of(data) for data in found.replies]
            uow.commit()
            return replies
    except Exception as exc:
        try:
            with hub.database.uow() as uow:
                receive(uow, hub, inbound)
                uow.commit()
        except Exception as again:  # the database is down: nothing of this message was kept
            raise NotReceived(str(again)) from exc
        raise


def _repeat(inbound: InboundRepository, contact_id: int, message: Inbound, since) -> InboundMessage | None:
    last = inbound.last_from(contact_id)
    if last is not None and last.text == message.text and last.received_at >= since and last.kind == message.kind:
        return last
    return None


def process_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    """`chat.process`: a stored message its fast path did not finish (a crash, a failed request).
    The message is named by its channel's key (or by its id, in jobs queued before that)."""
    inbound_id = payload.get("inbound_id")
    if inbound_id is None:
        found = InboundRepository(ctx.uow.session).by_key(str(payload["channel"]), str(payload["message_key"]))
        if found is None:
            return
        inbound_id = found.id
    process(ctx.uow, ctx.hub, int(inbound_id))
