"""Polling CAP feeds (`TTCS_CAP_FEED_URLS`): each URL is a CAP alert, or an Atom or RSS feed whose
entries link to CAP alerts. Every alert found is imported (the same alert only once); one that is
refused is logged and skipped, the others still go in."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import httpx

from hub.exchange import alerts, cap
from hub.exchange.model import UpstreamState
from hub.exchange.repository import ExchangeRepository
from hub.exchange.settings import ExchangeSettings
from hub.jobs.worker import JobContext
from hub.kit.errors import HubError
from hub.kit.time import utcnow

log = logging.getLogger(__name__)
STATE = "cap-feed"
ATOM = "{http://www.w3.org/2005/Atom}"
MAX_LINKS = 50


def links(data: bytes) -> list[str]:
    """The alert URLs of an Atom or RSS feed; [] for a CAP alert itself."""
    root = cap.parse_xml(data, "Nguồn tin CAP")
    if root.tag == f"{cap.Q}alert":
        return []
    found = [
        link.get("href", "")
        for entry in root.iter(f"{ATOM}entry")
        for link in entry.iter(f"{ATOM}link")
        if link.get("type", "") in ("application/cap+xml", "application/xml", "text/xml", "")
    ]
    found += [
        (node.text or "").strip()
        for node in root.iter("link")
        if (parent := node.getparent()) is not None and parent.tag == "item"
    ]
    return [url for url in dict.fromkeys(found) if url.startswith(("http://", "https://"))][:MAX_LINKS]


def poll(ctx: JobContext, payload: dict[str, Any]) -> None:
    settings = ctx.settings
    urls = [u.strip() for u in settings.of(ExchangeSettings).cap_feed_urls.split(",") if u.strip()]
    if not urls:
        return
    repo = ExchangeRepository(ctx.uow.session)
    state = repo.state(STATE) or UpstreamState(STATE, failures=0, last_error="", log_cursor=0)
    now = utcnow()
    if state.next_at is not None and state.next_at > now:
        return
    if repo.state(STATE) is None:
        repo.add(state)
    state.next_at = now + timedelta(seconds=settings.of(ExchangeSettings).cap_poll_seconds)
    ctx.uow.commit()  # the next poll time holds even if a feed hangs
    with httpx.Client(timeout=30, follow_redirects=True) as client:
        for url in urls:
            try:
                data = client.get(url).raise_for_status().content
                documents = [client.get(link).raise_for_status().content for link in links(data)] or [data]
            except httpx.HTTPError as exc:
                log.warning("CAP feed %s: %s", url, exc)
                continue
            except HubError as exc:  # not XML, a DOCTYPE, too large
                log.warning("CAP feed %s: refused: %s", url, exc.detail)
                continue
            for document in documents:
                _import(ctx, document, url)


def _import(ctx: JobContext, document: bytes, url: str) -> None:
    with ctx.database.uow() as uow:
        try:
            done = alerts.import_alert(uow, ctx.settings, document, "feed")
            uow.commit()
        except HubError as exc:
            log.warning("CAP feed %s: alert refused: %s", url, exc.detail)
            return
    if done.outcome != "duplicate":
        log.info("CAP feed %s: %s %s", url, done.outcome, done.alert.identifier)
