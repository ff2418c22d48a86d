"""The SMS gateway's settings: environment variables prefixed ``TTCS_``; read with `settings.of(SmsSettings)`."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SmsSettings(BaseSettings):
    """The SMS gateway through which answers reach hotline callers."""

    model_config = SettingsConfigDict(env_prefix="TTCS_", extra="ignore")

    sms_url: str = Field(
        "",
        description="HTTP SMS gateway: answers to hotline callers are POSTed here as JSON "
        "`{to, text, ref}`. Empty: no SMS; answers wait for the caller's status check.",
    )
    sms_token: str = Field("", description="Bearer token sent to the SMS gateway.")
    sms_inbound_secret: str = Field(
        "",
        description="Shared secret with which the SMS gateway signs the text messages it forwards to "
        "`POST /webhooks/sms` (HMAC-SHA256, header `X-TTCS-Signature`). Empty: inbound SMS is refused.",
    )
