"""Helpers for the web pages: a TestClient per official (its own cookies), the CSRF token of a page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from hub.web.session import COOKIE, codec
from tests.support.settings import DEMO_PASSWORD

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def token_of(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(browser: TestClient, username: str, password: str = DEMO_PASSWORD, **extra: str):
    page = browser.get("/quan-tri/dang-nhap")
    data = {"csrf_token": token_of(page.text), "username": username, "password": password, **extra}
    return browser.post("/quan-tri/dang-nhap", data=data)


def post_form(browser: TestClient, page: str, action: str, data: dict, **kwargs):
    """Open `page`, then post `data` to `action` with the page's CSRF token, as a browser does."""
    token = token_of(browser.get(page).text)
    return browser.post(action, data={"csrf_token": token, **data}, **kwargs)


def text_of(html: str) -> str:
    """The visible text of a page, roughly: tags removed, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def age_session(browser: TestClient, hub, seconds: int) -> None:
    """Make the browser's session look `seconds` older (last page view and sign-in)."""
    sessions = codec(hub)
    (cookie,) = [c for c in browser.cookies.jar if c.name == COOKIE]
    session = sessions.load(cookie.value)
    session.seen -= seconds
    session.started -= seconds
    cookie.value = sessions.dump(session)


@pytest.fixture
def browser(client: TestClient) -> Iterator[Callable[..., TestClient]]:
    """`browser("bientap.eakao")` → a client signed in as that official; `browser()` → anonymous."""
    made: list[TestClient] = []

    def make(username: str | None = None, password: str = DEMO_PASSWORD) -> TestClient:
        one = TestClient(client.app)
        made.append(one)
        if username:
            response = sign_in(one, username, password)
            assert response.status_code == 200, response.text
        return one

    yield make
    for one in made:
        one.close()


def hidden_fields(html: str, *, extra: dict[str, str] | None = None) -> dict[str, list[str]]:
    """The hidden inputs of a page as a browser would post them (values unescaped, lists kept)."""
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html):
        fields.setdefault(unescape(name), []).append(unescape(value))
    for name, value in (extra or {}).items():
        fields.setdefault(name, []).append(value)
    return fields
