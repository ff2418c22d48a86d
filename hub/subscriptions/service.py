"""Use cases of subscriptions: subscribe, unsubscribe, list; and telling subscribers of a bulletin.

Chat calls the first three for a citizen (no login: the channel identity is the citizen). `notify`
runs in the job that follows `bulletin.published`: it writes one outbox message and one reach record
per subscriber, in batches, spread over time at each channel's pace (`TTCS_CHAT_RATE_PER_SECOND`).
A job that runs again skips the subscribers already told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hub.areas import service as areas
from hub.areas.model import Area
from hub.bulletins import service as bulletins
from hub.bulletins.model import Bulletin, Status
from hub.contacts.model import Contact
from hub.db.uow import UnitOfWork
from hub.kit.time import local, utcnow
from hub.messaging import service as messaging
from hub.messaging.model import Kind
from hub.subscriptions.model import Reach, Subscription, check_topic

BATCH = 500


@dataclass(frozen=True)
class Followed:
    area: Area
    topic: str  # "" for every topic


def subscribe(uow: UnitOfWork, contact: Contact, area_code: str, topic: str | None = None) -> tuple[Followed, bool]:
    """Follow the bulletins reaching `area_code` (of `topic`, or all); True when it is new."""
    area = areas.get(uow, area_code)
    topic = check_topic(topic)
    now = utcnow()
    created = uow.subscriptions.add(Subscription(contact.id, area.id, area.path, topic, now))
    contact.consent_notify = True
    return Followed(area, topic), created


def unsubscribe(uow: UnitOfWork, contact: Contact, area_code: str | None = None, topic: str | None = None) -> int:
    """Stop following an area (or everything); returns how many subscriptions ended."""
    area_id = areas.get(uow, area_code).id if area_code else None
    removed = uow.subscriptions.remove(contact.id, area_id=area_id, topic=check_topic(topic) if topic else None)
    if not uow.subscriptions.of_contact(contact.id):
        contact.consent_notify = False
    return removed


def followed(uow: UnitOfWork, contact: Contact) -> list[Followed]:
    subs = uow.subscriptions.of_contact(contact.id)
    found = uow.areas.by_ids(x.area_id for x in subs)
    return [Followed(found[x.area_id], x.topic) for x in subs if x.area_id in found]


# -- telling subscribers ------------------------------------------------------------------------


def notification_text(bulletin: Bulletin, issuer: Area, public_url: str) -> str:
    excerpt = bulletin.summary or bulletin.body
    if len(excerpt) > 300:
        excerpt = excerpt[:300].rsplit(" ", 1)[0] + " …"
    when = local(bulletin.published_at or bulletin.valid_from).strftime("%d/%m/%Y")
    base = public_url.rstrip("/")
    return (
        f"Tin mới của {issuer.name} ({when}): {bulletin.title}\n{excerpt}\n"
        f"Nghe bản tin: {base}/api/v1/bulletins/{bulletin.id}/audio\n"
        "Nhắn “hủy đăng ký” nếu không muốn nhận tin nữa."
    )


def notify(
    uow: UnitOfWork,
    bulletin_id: int,
    public_url: str,
    rates: dict[str, float],
    *,
    after_contact: int = 0,
    batch: int = BATCH,
) -> int | None:
    """Tell the next `batch` subscribers (by contact id, after `after_contact`) of a published
    bulletin; returns the last contact id handled when more may follow, else None."""
    bulletin = uow.bulletins.get(bulletin_id)
    if bulletin is None or bulletin.status != Status.PUBLISHED:
        return None  # withdrawn or expired before its news went out
    paths = [t.area_path for t in bulletin.targets]
    audience = uow.subscriptions.audience(paths, str(bulletin.category), after_contact=after_contact, limit=batch)
    if not audience:
        return None
    ids = [contact_id for contact_id, _ in audience]
    done = uow.subscriptions.reached(bulletin.id, ids)
    contacts = uow.contacts.by_ids(i for i in ids if i not in done)
    todo = [c for c in (contacts.get(i) for i in ids) if c is not None and c.consent_notify and not c.anonymised_at]
    issuer = bulletins.areas_of(uow, bulletin)[bulletin.creating_area_id]
    text = notification_text(bulletin, issuer, public_url)
    now = utcnow()
    starts = _paced_starts(uow, todo, rates, now)
    for contact in todo:
        when = starts.get(contact.channel)
        after = None
        if when is not None:
            slot, rate = when
            after = slot
            starts[contact.channel] = (slot + timedelta(seconds=1 / rate), rate)
        message = messaging.queue(
            uow, text, Kind.NOTIFICATION, contact=contact, reference=f"bulletin:{bulletin.id}", deliver_after=after
        )
        uow.subscriptions.add_reach(Reach(bulletin.id, contact.id, contact.channel, message.id, now))
    return ids[-1] if len(audience) == batch else None


def _paced_starts(
    uow: UnitOfWork, contacts: list[Contact], rates: dict[str, float], now: datetime
) -> dict[str, tuple[datetime, float]]:
    counts: dict[str, int] = {}
    for contact in contacts:
        counts[contact.channel] = counts.get(contact.channel, 0) + 1
    starts = {}
    for channel, count in sorted(counts.items()):
        rate = rates.get(channel)
        if rate:
            starts[channel] = (uow.subscriptions.take_slots(channel, count, rate, now), rate)
    return starts
