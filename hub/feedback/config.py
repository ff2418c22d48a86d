"""The feedback rules a province configures, read once per hub from its settings.

Services take a `FeedbackConfig` (`feedback_config(hub)`, a service of the hub), so chat, the
hotline, the web and Open311 apply the same categories, calendar and limits.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import timedelta

from hub.config import Settings
from hub.context import Hub, ServiceKey
from hub.feedback.categories import CategoryList, load_categories
from hub.feedback.deadlines.calendar import WorkingCalendar
from hub.feedback.settings import FeedbackSettings


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


CONFIG = ServiceKey[FeedbackConfig]("feedback.config")


def feedback_config(hub: Hub) -> FeedbackConfig:
    """The hub's feedback rules (read from its settings and the categories file once per hub)."""
    return hub.service(CONFIG)


def build_config(settings: Settings) -> FeedbackConfig:
    """The rules the settings describe (reads the categories file: call once, through the hub)."""
    given = settings.of(FeedbackSettings)
    return FeedbackConfig(
        categories=load_categories(given.feedback_categories_file),
        calendar=WorkingCalendar.parse(given.feedback_weekend_days),
        complaint_days=given.feedback_complaint_days,
        remind_before=timedelta(hours=given.feedback_remind_hours),
        max_text=given.feedback_max_text_chars,
        max_image_bytes=given.feedback_max_image_bytes,
        max_attachments=given.feedback_max_attachments,
        rate_per_sender=given.feedback_rate_per_sender,
        rate_per_source=given.feedback_rate_per_source,
        rate_window=timedelta(minutes=given.feedback_rate_window_minutes),
        retention=timedelta(days=given.personal_data_retention_days)
        if given.personal_data_retention_days > 0
        else None,
    )


@functools.cache
def default_config() -> FeedbackConfig:
    """The built-in rules (demo seed, tests of the model)."""
    return build_config(Settings())
