"""The streaming server's settings (relays and live broadcasts): environment variables prefixed ``TTCS_``."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class StreamSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TTCS_", extra="ignore")

    stream_source_url: str = Field(
        "",
        description="Where the hub sends relays as Icecast's source, e.g. `icecast://source:secret@127.0.0.1:8001`. "
        "Empty: no relays are pulled and manifests carry no streams.",
    )
    stream_public_url: str = Field(
        "", description="The same Icecast as devices reach it, e.g. `http://radio.example.gov.vn:8001`."
    )
    relay_fail_after: int = Field(
        3, description="Failed starts of a relay's puller in a row after which the relay is marked down."
    )
    relay_retry_seconds: float = Field(2.0, description="Seconds between two attempts to (re)start a relay's puller.")
    relay_lead_seconds: int = Field(20, description="Seconds before a window opens when the hub starts pulling.")
