"""The subscriber notifications' settings: environment variables prefixed ``TTCS_``; read with
`settings.of(SubscriptionSettings)`.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SubscriptionSettings(BaseSettings):
    """Subscriber notifications: how fast each chat channel may be sent to."""

    model_config = SettingsConfigDict(env_prefix="TTCS_", extra="ignore")

    chat_rate_per_second: str = Field(
        "zalo=20,telegram=25",
        description="Pace of subscriber notifications per channel, as `channel=messages per second` pairs; "
        "channels not listed are not paced.",
    )
