"""Telegram through python-telegram-bot: the webhook, polling, and the output with inline keyboards.

ptb is asynchronous; the hub's senders and job handlers are not. `TelegramClient` runs one `Bot`
on an event loop thread of its own and calls it from any thread. Telegram's errors are translated
here: blocked by the user or chat not found → `Undeliverable`; "retry after" → `ChannelBusy`;
anything else on the wire → `ConnectionError` (the outbox retries with backoff).

Inbound, an update becomes one `Inbound` keyed by its `update_id` (Telegram repeats an update until
it is acknowledged). The webhook checks `X-Telegram-Bot-Api-Secret-Token`, stores, acknowledges,
then processes; polling (`ttcs bot telegram --polling`) stores a batch before asking for the next
one, which is what acknowledges it.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import threading
from collections.abc import Coroutine
from typing import Any

import orjson
from fastapi import APIRouter, BackgroundTasks, Request
from starlette.concurrency import run_in_threadpool
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram import error as tg
from telegram.request import HTTPXRequest

from bot import inbox
from bot.channels.base import ChannelBusy, OutboxSender
from bot.channels.links import links
from bot.dialogue.reply import Reply
from bot.model import IMAGE, INFO, LOCATION, Inbound
from bot.settings import BotSettings
from hub.context import Hub, ServiceKey
from hub.http.deps import HubDep
from hub.kit.errors import InvalidInput, Unauthorized
from hub.messaging.senders import Sender, Undeliverable

log = logging.getLogger(__name__)
CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CALLBACK_DATA_MAX = 64  # bytes
TELEGRAM_FILE = "telegram:"  # an image reference fetched later (bot.channels.media)


class TelegramClient:
    def __init__(self, token: str, base_url: str, timeout: float = 10.0) -> None:
        self.timeout = timeout
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="telegram-client", daemon=True)
        self._thread.start()
        request = HTTPXRequest(
            connection_pool_size=16,
            connect_timeout=timeout,
            read_timeout=timeout,
            write_timeout=timeout,
            pool_timeout=timeout,
        )
        polling = HTTPXRequest(connect_timeout=timeout, read_timeout=timeout + 30, write_timeout=timeout)
        self.bot = Bot(
            token,
            base_url=base_url,
            base_file_url=file_url_of(base_url),
            request=request,
            get_updates_request=polling,
        )
        self._ready = False
        self._ready_lock = threading.Lock()

    def _call(self, coroutine: Coroutine[Any, Any, Any], timeout: float | None = None) -> Any:
        with self._ready_lock:
            if not self._ready:
                self._wait(self.bot.initialize(), self.timeout)
                self._ready = True
        return self._wait(coroutine, timeout or self.timeout + 5)

    def _wait(self, coroutine: Coroutine[Any, Any, Any], timeout: float) -> Any:
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except (tg.Forbidden, tg.BadRequest) as exc:
            raise Undeliverable(f"Telegram: {exc.message}") from exc
        except tg.RetryAfter as exc:
            raise ChannelBusy(f"Telegram: rate limited, retry after {exc.retry_after}") from exc
        except (tg.TelegramError, TimeoutError) as exc:
            raise ConnectionError(f"Telegram: {exc}") from exc

    def send_text(self, recipient: str, text: str) -> str | None:
        return self.send_reply(recipient, Reply(text))

    def send_reply(self, recipient: str, reply: Reply) -> str | None:
        """The text, the choices as callback buttons and the links as URL buttons; if Telegram refuses
        a URL button, the reply goes again without them (the links stay in the text)."""
        choices = [
            [InlineKeyboardButton(c.title, callback_data=_callback_data(c.payload, n))]
            for n, c in enumerate(reply.choices, 1)
        ]
        urls = [[InlineKeyboardButton(link.title, url=link.url)] for link in links(reply.text)]
        try:
            return self._send(recipient, reply.text, choices + urls)
        except Undeliverable as exc:
            if not urls:
                raise
            log.info("telegram: link buttons refused (%s); sending the text alone", exc)
            return self._send(recipient, reply.text, choices)

    def _send(self, recipient: str, text: str, rows: list[list[InlineKeyboardButton]]) -> str:
        markup = InlineKeyboardMarkup(rows) if rows else None
        sent = self._call(self.bot.send_message(chat_id=recipient, text=text[:4096], reply_markup=markup))
        return str(sent.message_id)

    def fetch_file(self, file_id: str, limit: int) -> bytes:
        """A file the citizen sent (a photo), by getFile then its download; `NotAnImage` when it is
        larger than `limit` bytes."""
        from bot.channels.media import NotAnImage

        found = self._call(self.bot.get_file(file_id))
        if found.file_size and found.file_size > limit:
            raise NotAnImage(f"Telegram file too large ({found.file_size} bytes)")
        data = bytes(self._call(found.download_as_bytearray()))
        if len(data) > limit:
            raise NotAnImage(f"Telegram file too large ({len(data)} bytes)")
        return data

    def answer_callback(self, callback_id: str) -> None:
        self._call(self.bot.answer_callback_query(callback_id))

    def get_updates(self, offset: int | None, timeout: int) -> list[Update]:
        found = self.bot.get_updates(offset=offset, timeout=timeout, allowed_updates=["message", "callback_query"])
        return list(self._call(found, timeout + self.timeout + 5))

    def set_webhook(self, url: str, secret: str) -> None:
        self._call(self.bot.set_webhook(url, secret_token=secret, allowed_updates=["message", "callback_query"]))

    def delete_webhook(self) -> None:
        self._call(self.bot.delete_webhook())

    def close(self) -> None:
        try:
            if self._ready:
                self._wait(self.bot.shutdown(), self.timeout)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
            self._loop.close()


def file_url_of(base_url: str) -> str:
    """Where the Bot API serves files: "https://api.telegram.org/bot" → "https://api.telegram.org/file/bot"."""
    root = base_url.rstrip("/")
    return (root[: -len("/bot")] if root.endswith("/bot") else root) + "/file/bot"


def _callback_data(payload: str, number: int) -> str:
    # Telegram carries at most 64 bytes back; a longer payload goes as its number among the choices.
    return payload if len(payload.encode()) <= CALLBACK_DATA_MAX else str(number)


CLIENT = ServiceKey[TelegramClient]("bot.telegram.client")


def client_for(hub: Hub) -> TelegramClient:
    """The hub's one Telegram client (its event loop and connection pool serve every message)."""
    return hub.service(CLIENT)


def build_client(hub: Hub) -> TelegramClient:
    settings = hub.settings.of(BotSettings)
    return TelegramClient(settings.telegram_token, settings.telegram_api_url, timeout=settings.telegram_timeout_seconds)


def telegram_sender(hub: Hub) -> Sender | None:
    return OutboxSender(client_for(hub)) if hub.settings.of(BotSettings).telegram_token else None


# -- inbound ------------------------------------------------------------------------------------


def inbound_of(update: Update) -> Inbound | None:
    """The message of an update, or None for what the bot does not answer (groups, edits, others)."""
    key = f"u{update.update_id}"
    query = update.callback_query
    if query is not None:
        chat = query.message.chat if query.message is not None else None
        sender = str(chat.id if chat is not None else query.from_user.id)
        return Inbound(CHANNEL, sender, key, text=query.data or "")
    message = update.message
    if message is None or message.chat.type != "private":
        return None
    sender = str(message.chat.id)
    if message.location is not None:
        where = (message.location.latitude, message.location.longitude)
        return Inbound(CHANNEL, sender, key, kind=LOCATION, location=where, text=message.caption or "")
    if message.photo:
        # Telegram sends each photo in several sizes, the largest last; it is fetched after the ack.
        return Inbound(
            CHANNEL,
            sender,
            key,
            kind=IMAGE,
            text=message.caption or "",
            images=(TELEGRAM_FILE + message.photo[-1].file_id,),
        )
    document = message.document
    if document is not None and (document.mime_type or "").startswith("image/"):
        return Inbound(
            CHANNEL, sender, key, kind=IMAGE, text=message.caption or "", images=(TELEGRAM_FILE + document.file_id,)
        )
    if message.contact is not None:
        name = " ".join(p for p in (message.contact.first_name, message.contact.last_name) if p)
        return Inbound(CHANNEL, sender, key, kind=INFO, name=name, phone=message.contact.phone_number)
    return Inbound(CHANNEL, sender, key, text=message.text or message.caption or "")


def store(hub: Hub, inbound: Inbound) -> int | None:
    """Store an update's message; its id when it is new (a repeated update is stored once)."""
    with hub.database.uow() as uow:
        stored, created = inbox.receive(uow, hub, inbound)
        uow.commit()
        return stored.id if created else None


router = APIRouter(tags=["chat"])


@router.post("/webhooks/telegram", summary="Cập nhật từ Telegram (webhook)")
async def webhook(request: Request, hub: HubDep, background: BackgroundTasks) -> dict[str, bool]:
    secret = hub.settings.of(BotSettings).telegram_webhook_secret
    given = request.headers.get(SECRET_HEADER, "")
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        raise Unauthorized("Sai mã bí mật của webhook Telegram.", code="telegram_secret")
    try:
        update = Update.de_json(orjson.loads(await request.body()), None)  # nesting limited (1024)
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidInput("Cập nhật Telegram không hợp lệ.", code="telegram_update") from exc
    inbound = inbound_of(update)
    if inbound is None:
        return {"ok": True}
    stored = await run_in_threadpool(store, hub, inbound)
    if stored is not None:
        callback = update.callback_query.id if update.callback_query is not None else None
        background.add_task(_after_ack, hub, stored, callback)
    return {"ok": True}


def _after_ack(hub: Hub, inbound_id: int, callback_id: str | None) -> None:
    if callback_id and hub.settings.of(BotSettings).telegram_token:
        try:
            client_for(hub).answer_callback(callback_id)
        except (ConnectionError, Undeliverable) as exc:  # only the button's spinner: not worth a retry
            log.info("telegram: callback %s not answered: %s", callback_id, exc)
    inbox.handle_now(hub, inbound_id)


def poll(hub: Hub, client: TelegramClient, stop: threading.Event, *, timeout: int = 25) -> None:
    """Long-poll Telegram until `stop`: each batch is stored before the next request acknowledges it."""
    client.delete_webhook()
    offset: int | None = None
    while not stop.is_set():
        try:
            updates = client.get_updates(offset, timeout)
        except (ConnectionError, Undeliverable) as exc:
            log.warning("telegram polling: %s; trying again", exc)
            stop.wait(2)
            continue
        for update in updates:
            inbound = inbound_of(update)
            stored = store(hub, inbound) if inbound is not None else None
            if stored is not None:
                _after_ack(hub, stored, update.callback_query.id if update.callback_query is not None else None)
            offset = update.update_id + 1
