"""Notices to officials (new cases in their unit, reminders, escalations) on their linked chat.

The hub writes them on the `staff` channel, to a user. An official who linked a Telegram chat (or
else a Zalo account) gets them there; one who did not finds them in the web app and at
`GET /api/v1/notifications`, where every notice stays in any case.
"""

from __future__ import annotations

from bot.channels import telegram
from bot.channels.base import Output, reply_of, send_reply
from bot.channels.zalo import client as zalo
from bot.repository import LinkRepository
from bot.settings import BotSettings
from hub.contacts.model import Contact
from hub.context import Hub
from hub.messaging.model import Message
from hub.messaging.senders import KeptForPickup, Sender

PREFERRED = ("telegram", "zalo")


class StaffSender:
    """Reaches an official through the hub's own Telegram or Zalo client (the citizens' ones)."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    def _output(self, channel: str) -> Output | None:
        if channel == "telegram" and self.hub.settings.of(BotSettings).telegram_token:
            return telegram.client_for(self.hub)
        if channel == "zalo" and zalo.configured(self.hub.settings):
            return zalo.client_for(self.hub)
        return None

    def send(self, contact: Contact | None, message: Message) -> str | None:
        if message.user_id is None:
            raise KeptForPickup()
        with self.hub.database.uow(write=False) as uow:
            links = {
                link.channel: link.channel_user_id for link in LinkRepository(uow.session).of_user(message.user_id)
            }
        for channel in PREFERRED:
            output = self._output(channel) if channel in links else None
            if output is not None:
                return send_reply(output, links[channel], reply_of(message))
        raise KeptForPickup()


def staff_sender(hub: Hub) -> Sender | None:
    return StaffSender(hub) if hub.settings.of(BotSettings).telegram_token or zalo.configured(hub.settings) else None
