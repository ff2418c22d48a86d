"""The feedback rules a province configures, read once from the settings.

Services take a `FeedbackConfig` (`feedback_config(hub.settings)`), so chat, the hotline, the web
and Open311 apply the same categories, calendar and limits.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import timedelta

from hub.config import Settings
from hub.feedback.categories import CategoryList, load_categories
from hub.feedback.deadlines.calendar import WorkingCalendar


@dataclass(frozen=True)
class FeedbackConfig:
    categories: CategoryList
    calendar: WorkingCalendar  # the weekend only: deadlines add the holidays from the database
    complaint_days: int = 30
    remind_before: timedelta = timedelta(hours=24)
    max_text: int = 5000
    max_image_bytes: int = 5 * 1024 * 1024
    max_attachments: int = 5
    rate_per_sender: int = 5
    rate_per_source: int = 60
    rate_window: timedelta = timedelta(minutes=10)
    retention: timedelta | None = timedelta(days=730)


_cache: dict[int, tuple[Settings, FeedbackConfig]] = {}


def feedback_config(settings: Settings) -> FeedbackConfig:
    cached = _cache.get(id(settings))
    if cached is not None and cached[0] is settings:
        return cached[1]
    config = FeedbackConfig(
        categories=load_categories(settings.feedback_categories_file),
        calendar=WorkingCalendar.parse(settings.feedback_weekend_days),
        complaint_days=settings.feedback_complaint_days,
        remind_before=timedelta(hours=settings.feedback_remind_hours),
        max_text=settings.feedback_max_text_chars,
        max_image_bytes=settings.feedback_max_image_bytes,
        max_attachments=settings.feedback_max_attachments,
        rate_per_sender=settings.feedback_rate_per_sender,
        rate_per_source=settings.feedback_rate_per_source,
        rate_window=timedelta(minutes=settings.feedback_rate_window_minutes),
        retention=timedelta(days=settings.personal_data_retention_days)
        if settings.personal_data_retention_days > 0
        else None,
    )
    _cache[id(settings)] = (settings, config)
    return config


@functools.cache
def default_config() -> FeedbackConfig:
    """The built-in rules (demo seed, tests of the model)."""
    return feedback_config(Settings())  # type: ignore[call-arg]
