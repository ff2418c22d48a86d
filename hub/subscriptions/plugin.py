"""Subscriptions join the hub: their tables, and the job that tells subscribers of a new bulletin."""

from __future__ import annotations

from typing import Any

from hub.bulletins.events import BulletinPublished
from hub.jobs.worker import JobContext
from hub.kit.time import utcnow
from hub.plugins import Registry
from hub.subscriptions import service, tables
from hub.subscriptions.model import parse_rates
from hub.subscriptions.settings import SubscriptionSettings

NOTIFY = "subscriptions.notify"


def notify(ctx: JobContext, payload: dict[str, Any]) -> None:
    bulletin_id = int(payload["bulletin_id"])
    after = int(payload.get("after_contact", 0))
    settings = ctx.settings
    last = service.notify(
        ctx.uow,
        bulletin_id,
        settings.public_url,
        parse_rates(settings.of(SubscriptionSettings).chat_rate_per_second),
        after_contact=after,
    )
    if last is not None:  # more subscribers: the next batch in a job of its own
        ctx.uow.jobs.enqueue(
            NOTIFY,
            {"bulletin_id": bulletin_id, "after_contact": last},
            now=utcnow(),
            dedupe_key=f"notify:{bulletin_id}:{last}",
        )


def register(registry: Registry) -> None:
    registry.settings(SubscriptionSettings)
    registry.tables(tables.map_tables)
    registry.job(NOTIFY, notify)
    registry.listen(BulletinPublished, NOTIFY)
