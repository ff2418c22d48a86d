"""One hub for the whole authorisation matrix: the demo officials signed in once on every channel
(API tokens, web sessions, linked Telegram chats), two source systems with their partner accounts,
and helpers that put a bulletin or a CAP emergency in a given state for a row to act on."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hub.accounts.model import Principal
from hub.app import create_app
from hub.bootstrap import build_hub
from hub.bulletins import service as bulletins
from hub.bulletins.categories import Category
from hub.bulletins.model import Content, Priority
from hub.context import Hub
from hub.exchange import alerts, partners
from hub.kit.time import VN_TZ, utcnow
from tests.support.cap import SENDER, alert
from tests.support.settings import DEMO_PASSWORD, settings_for
from tests.support.telegram_server import TOKEN, TelegramServer
from tests.support.web import sign_in

OFFICIALS = ("bientap.eakao", "duyet.eakao", "vanhanh.eakao", "duyet.cumgar", "bientap.tinh", "duyet.tinh",
             "xem.tinh", "admin")  # fmt: skip
PARTNERS = {"nguon.eakao": ("EAKAO", "24169"), "nguon.tinh": ("TINH", "66")}
PARTNER_PASSWORD = "mat-khau-nguon-ma-tran"
TELEGRAM_SECRET = "telegram-webhook-secret-matrix"
_ids = itertools.count(1)


def password_of(username: str) -> str:
    return "admin-password-1" if username == "admin" else DEMO_PASSWORD


@dataclass
class World:
    hub: Hub
    client: TestClient
    telegram_api: TelegramServer
    tokens: dict[str, dict[str, str]] = field(default_factory=dict)
    browsers: dict[str, TestClient] = field(default_factory=dict)
    chats: dict[str, int] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)

    def next(self) -> int:
        return next(_ids)

    def province_emergency(self, where: str) -> int:
        """An emergency the province issued to `where`, on air."""
        now = utcnow()
        content = Content(
            title=f"Khẩn cấp thử quyền {self.next()}", body="Nội dung khẩn cấp.", category=Category.DISASTER_EMERGENCY,
            priority=Priority.EMERGENCY, valid_from=now, valid_until=now + timedelta(days=1), target_codes=(where,),
        )  # fmt: skip
        with self.hub.database.uow() as uow:
            made = bulletins.issue_emergency(uow, Principal.system("cli"), content, "66")
            uow.commit()
            assert made.id is not None
            return made.id

    def bulletin(self, where: str, status: str = "submitted") -> int:
        """A bulletin issued by `where` to `where`, as the hub itself puts it there."""
        system = Principal.system("cli")
        now = utcnow()
        content = Content(
            title=f"Thông báo thử quyền {self.next()}", body="Nội dung thông báo.", category=Category.LOCAL_AFFAIRS,
            priority=Priority.NORMAL, valid_from=now, valid_until=now + timedelta(days=2), target_codes=(where,),
        )  # fmt: skip
        with self.hub.database.uow() as uow:
            made = bulletins.create(uow, system, content, where)
            assert made.id is not None
            if status in ("submitted", "published"):
                bulletins.submit(uow, system, made.id)
            if status == "published":
                bulletins.approve(uow, system, made.id)
            uow.commit()
            return made.id

    def cap_emergency(self, where: str) -> tuple[str, datetime, int]:
        """A trusted sender's alert for `where`, from a polled feed, on air: (its identifier, its sent
        time, its bulletin)."""
        identifier = f"MT-{self.next()}"
        sent = datetime.now(VN_TZ).replace(microsecond=0) - timedelta(minutes=5)
        with self.hub.database.uow() as uow:
            done = alerts.import_alert(uow, self.hub.settings, alert(identifier, sent=sent, codes=[where]), "feed")
            assert done.bulletin is not None and str(done.bulletin.status) == "published"
            uow.commit()
        return identifier, sent, done.bulletin.id

    def say(self, username: str, message: str) -> str:
        """Send a chat command from the official's linked Telegram chat; the bot's answer."""
        chat_id = self.chats[username]
        before = len(self.telegram_api.texts_to(chat_id))
        update = {
            "update_id": 10_000 + self.next(),
            "message": {"message_id": 1, "date": int(utcnow().timestamp()), "text": message,
                        "chat": {"id": chat_id, "type": "private"}, "from": {"id": chat_id, "is_bot": False,
                                                                            "first_name": "Cán bộ"}},
        }  # fmt: skip
        answer = self.client.post(
            "/webhooks/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
        )
        assert answer.status_code == 200, answer.text
        return "\n".join(self.telegram_api.texts_to(chat_id)[before:])


def fresh_database(backend: str, templates: dict[str, str], tmp: Path, pg_admin_url: str | None) -> str:
    """A database of its own, cloned from the suite's seeded template (as `database_url` does per test)."""
    if backend == "sqlite":
        target = tmp / "matrix.sqlite3"
        shutil.copyfile(templates["sqlite"], target)
        return f"sqlite:///{target}"
    assert pg_admin_url is not None
    name = f"ttcs_matrix_{os.getpid()}"
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{templates["postgresql"]}"'))
    admin.dispose()
    return str(make_url(pg_admin_url).set(database=name))


def build_world(url: str, var_dir: Path) -> Iterator[World]:
    with TelegramServer() as telegram_api:
        settings = settings_for(
            url, var_dir, cap_trusted_senders=SENDER, telegram_token=TOKEN, telegram_api_url=telegram_api.api_url,
            telegram_webhook_secret=TELEGRAM_SECRET, public_url="http://ttcs.test",
        )  # fmt: skip
        hub = build_hub(settings)
        try:
            with TestClient(create_app(settings, hub=hub)) as client:
                world = World(hub, client, telegram_api)
                _sign_everyone_in(world)
                yield world
                for browser in world.browsers.values():
                    browser.close()
        finally:
            hub.close()


def _sign_everyone_in(world: World) -> None:
    client = world.client
    for chat_id, username in enumerate(OFFICIALS, start=7_000_001):
        answer = client.post("/api/v1/auth/token", data={"username": username, "password": password_of(username)})
        assert answer.status_code == 200, answer.text
        world.tokens[username] = {"Authorization": f"Bearer {answer.json()['access_token']}"}
        browser = TestClient(client.app)
        assert sign_in(browser, username, password_of(username)).status_code == 200
        world.browsers[username] = browser
        code = client.post("/api/v1/chat/link-code", headers=world.tokens[username]).json()["code"]
        world.chats[username] = chat_id
        assert f"({username})" in world.say(username, f"/lienket {code.lower()}")
    with world.hub.database.uow() as uow:
        for username, (code, area) in PARTNERS.items():
            partners.add_source(uow, Principal.system("cli"), code, f"Nguồn {code}", area, username, PARTNER_PASSWORD)
        uow.commit()
    for username in PARTNERS:
        answer = client.post("/api/nguon/v1/dang-nhap", json={"TenDangNhap": username, "MatKhau": PARTNER_PASSWORD})
        assert answer.status_code == 200, answer.text
        world.sources[username] = {"Authorization": f"Bearer {answer.json()['MaTruyCap']}"}
