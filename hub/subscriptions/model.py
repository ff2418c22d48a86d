"""A citizen's subscription: the bulletins that reach an area, of one topic or of every topic.

A subscription belongs to one channel identity (`contact`), so the news goes out where the citizen
asked for it. When a bulletin is published, every subscriber whose area it reaches is told once
(`Reach`, one row per bulletin and citizen: the annual report counts reach from these).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hub.bulletins.categories import CATEGORIES, Category
from hub.kit.errors import InvalidInput
from hub.kit.ids import ASSIGNED_ON_FLUSH

EVERY_TOPIC = ""  # a subscription to every topic of its area


@dataclass(eq=False)
class Subscription:
    contact_id: int
    area_id: int
    area_path: str
    topic: str
    created_at: datetime
    id: int = ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class Reach:
    """A bulletin told to one subscriber: the message that carried it, on the subscriber's channel."""

    bulletin_id: int
    contact_id: int
    channel: str
    message_id: int | None
    created_at: datetime
    id: int = ASSIGNED_ON_FLUSH


def check_topic(topic: str | None) -> str:
    if not topic:
        return EVERY_TOPIC
    try:
        return Category(topic).value
    except ValueError as exc:
        raise InvalidInput(f"Chủ đề “{topic}” không có trong danh mục tin.", code="topic_invalid") from exc


def topic_label(topic: str) -> str:
    return CATEGORIES[Category(topic)].label if topic else "mọi chủ đề"


def parse_rates(spec: str) -> dict[str, float]:
    """ "zalo=20,telegram=25" → {"zalo": 20.0, "telegram": 25.0}; malformed pairs are ignored."""
    rates: dict[str, float] = {}
    for pair in spec.split(","):
        channel, _, value = pair.partition("=")
        try:
            rate = float(value)
        except ValueError:
            continue
        if channel.strip() and rate > 0:
            rates[channel.strip()] = rate
    return rates
