"""Citizen feedback's settings (categories, deadlines, limits, retention): environment variables prefixed
``TTCS_``, declared beside the code that reads them; read with `settings.of(FeedbackSettings)`.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class FeedbackSettings(BaseSettings):
    """Citizen feedback: its categories and working days, the limits on what a citizen sends, how long
    personal data is kept."""

    model_config = SettingsConfigDict(env_prefix="TTCS_", extra="ignore")

    feedback_categories_file: str = Field(
        "",
        description="JSON file with the feedback categories (code, label, working days to answer, whether "
        "anonymous feedback is allowed). Empty: the built-in list (see docs/feedback.md).",
    )
    feedback_weekend_days: str = Field(
        "6,7",
        description="Days that are not working days, as ISO weekday numbers (6 = Saturday, 7 = Sunday). Public "
        "holidays are kept in the database and edited by an admin on /quan-tri/ngay-nghi-le.",
    )
    feedback_complaint_days: int = Field(
        30, description="Working days to settle a case confirmed as a complaint or denunciation (khiếu nại, tố cáo)."
    )
    feedback_remind_hours: int = Field(24, description="Remind the responsible officials this long before a deadline.")
    feedback_max_text_chars: int = Field(5000, description="Longest feedback text a citizen may send.")
    feedback_max_image_bytes: int = Field(5_242_880, description="Largest image attached to a feedback (bytes).")
    feedback_max_attachments: int = Field(5, description="Most images attached to one feedback.")
    feedback_rate_per_sender: int = Field(
        5, description="Feedback one citizen (one chat or phone identity) may file per rate window; more is refused."
    )
    feedback_rate_per_source: int = Field(
        60, description="Feedback one network address or Open311 application key may file per rate window."
    )
    feedback_rate_window_minutes: int = Field(10, description="The window of the feedback rate limits.")
    personal_data_retention_days: int = Field(
        730,
        description="Citizens' names, phone numbers, recordings and photos are erased this many days after "
        "their last contact and after their cases are finished (0: keep).",
    )
