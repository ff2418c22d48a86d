"""Statement budgets of the chat's hot path (SQL statements are what a message costs under load):
a citizen's next message in a conversation, through the web channel and through a push channel."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from bot import inbox
from bot.model import Inbound
from hub.context import Hub
from tests.bot.conftest import say

CHAT = "7302"


@contextmanager
def statements(hub: Hub) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(hub.database.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(hub.database.engine, "before_cursor_execute", count)


def writes(seen: list[str], table: str) -> int:
    return sum(1 for s in seen if s.startswith(f"UPDATE {table} "))


def test_a_web_message_writes_the_contact_and_the_conversation_once_at_most(chat, chat_hub):
    say(chat, "budget-web", "ea kao")  # the first message creates the contact and the conversation
    with statements(chat_hub) as seen:
        replies = say(chat, "budget-web", "khi nao loa phat")
    assert replies and replies[0]["text"]
    assert writes(seen, "contact") == 0  # seen a moment ago: last_seen_at is kept to the minute
    assert writes(seen, "conversation") == 1  # the turn's count goes with its choices
    # BEGIN, contact, conversation (locked), the last message (a retry?), the message in, the programme's
    # five reads, the conversation, the message done
    assert len(seen) <= 12, seen


def test_a_pushed_message_is_answered_without_probing_for_a_delivery_job(chat_hub, telegram_api):
    def store(text: str, key: str) -> int:
        with chat_hub.database.uow() as uow:
            stored, created = inbox.receive(uow, chat_hub, Inbound("telegram", CHAT, key, text=text))
            uow.commit()
        assert created
        return stored.id

    inbox.handle_now(chat_hub, store("ea kao", "budget-1"))
    with statements(chat_hub) as seen:
        inbox.handle_now(chat_hub, store("cam on ban", "budget-2"))
    assert len(telegram_api.texts_to(CHAT)) == 2
    assert not [s for s in seen if s.startswith("SAVEPOINT") or s.startswith("SELECT job.id")], seen
    assert writes(seen, "contact") == 0 and writes(seen, "conversation") == 1
    # three transactions (a BEGIN each on SQLite): stored with its job, 4; processed, 8: the message
    # locked, its contact, the conversation locked and written, the reply and its delivery job, the
    # message and its job done; delivered, 4: the reply locked, its contact, the reply and its job done
    assert len(seen) <= 19, seen
