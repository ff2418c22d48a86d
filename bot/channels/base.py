"""The outbound side every channel shares.

An output channel must only send text (as Rasa's output channels); one that can show buttons
(Telegram's inline keyboards, Zalo's query buttons) also has `send_reply`. Otherwise choices fall
back to numbered lines ("1: …"). `OutboxSender` makes an output the hub's sender of its channel,
so replies, answers and notifications all leave through the outbox with a delivery record.
"""

from __future__ import annotations

from typing import Protocol

from bot.dialogue.reply import Reply, as_text, decode_choices
from hub.contacts.model import Contact
from hub.messaging.model import Message
from hub.messaging.senders import KeptForPickup, Undeliverable


class Output(Protocol):
    def send_text(self, recipient: str, text: str) -> str | None:
        """Send text to `recipient` (the channel's user id); the channel's message id, if any."""
        ...


def send_reply(output: Output, recipient: str, reply: Reply) -> str | None:
    rich = getattr(output, "send_reply", None)
    if rich is not None:
        return rich(recipient, reply)
    return output.send_text(recipient, as_text(reply))


def reply_of(message: Message) -> Reply:
    return Reply(message.text, decode_choices(message.choices))


class OutboxSender:
    """The hub's sender of one chat channel: a message to a contact, sent through the output."""

    def __init__(self, output: Output) -> None:
        self.output = output

    def send(self, contact: Contact | None, message: Message) -> str | None:
        if contact is None:
            raise Undeliverable("không có người nhận")
        return send_reply(self.output, contact.channel_user_id, reply_of(message))


class WebMailbox:
    """The web chat has no push: its messages wait for the chat widget to pick them up."""

    def send(self, contact: Contact | None, message: Message) -> str | None:
        raise KeptForPickup()


class ChannelBusy(ConnectionError):
    """The channel asked us to slow down (a rate limit): transient, retried with backoff."""
