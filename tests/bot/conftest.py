"""Fixtures of the chat tests: the hub with its channels pointed at loopback stand-ins of Telegram
and Zalo, and helpers to chat as a citizen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hub.app import create_app
from hub.bootstrap import build_hub
from hub.config import Settings
from hub.context import Hub
from tests.support.settings import TELEGRAM_SECRET
from tests.support.telegram_server import TOKEN, TelegramServer


@pytest.fixture
def telegram_api() -> Iterator[TelegramServer]:
    with TelegramServer() as server:
        yield server


@pytest.fixture
def chat_settings(make_settings: Callable[..., Settings], telegram_api: TelegramServer) -> Settings:
    return make_settings(
        telegram_token=TOKEN,
        telegram_api_url=telegram_api.api_url,
        telegram_webhook_secret=TELEGRAM_SECRET,
        chat_hotline="1022",
        chat_office_phones="24169=0262 3851 234",
        public_url="http://ttcs.test",
    )


@pytest.fixture
def chat_hub(chat_settings: Settings) -> Iterator[Hub]:
    built = build_hub(chat_settings)
    yield built
    built.close()


@pytest.fixture
def chat(chat_settings: Settings, chat_hub: Hub) -> Iterator[TestClient]:
    with TestClient(create_app(chat_settings, hub=chat_hub)) as client:
        yield client


def say(client: TestClient, sender: str, text: str, **extra: Any) -> list[dict[str, Any]]:
    response = client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def said(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r["text"] for r in replies)


def buttons(replies: list[dict[str, Any]]) -> list[str]:
    return [b["title"] for r in replies for b in r.get("buttons", [])]
