"""The settings of the exchange with other systems (source system, upstream reporting, CAP): environment
variables prefixed ``TTCS_``, declared beside the code that reads them; read with `settings.of(ExchangeSettings)`.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ExchangeSettings(BaseSettings):
    """Exchange with other systems: bulletins from a provincial source system, reports upward, CAP alerts in and out."""

    model_config = SettingsConfigDict(env_prefix="TTCS_", extra="ignore")

    source_auto_approve: str = Field(
        "1",
        description="`MucDoUuTien` levels (1 khẩn cấp, 2 ưu tiên, 3 thông thường, comma-separated) whose bulletins "
        "from a provincial source system are approved at once; the others wait for a local approver. Empty: all "
        "wait. An approved emergency plays at once.",
    )
    source_audio_max_bytes: int = Field(
        50 * 1024 * 1024, description="Largest audio file fetched from a source system's `NoiDung.Link` (bytes)."
    )
    source_audio_timeout_seconds: float = Field(60.0, description="How long fetching a source system's audio may take.")
    upstream_url: str = Field(
        "",
        description="Base URL of the upstream (provincial) system we report device status and play logs to, in the "
        "source-system format (`…/dang-nhap`, `…/cum-loa/trang-thai`, `…/ban-tin/nhat-ky`). Empty: no reporting.",
    )
    upstream_username: str = Field("", description="Our account at the upstream system.")
    upstream_password: str = Field("", description="Password of our account at the upstream system.")
    upstream_source_id: str = Field(
        "", description="`NguonId` we report under. Empty: the province code (`TTCS_PROVINCE_CODE`)."
    )
    upstream_batch_size: int = Field(200, description="Records sent upward in one request.")
    upstream_retry_max_seconds: float = Field(
        900.0, description="Longest wait between two attempts while the upstream is down (the wait doubles from 5 s)."
    )
    upstream_timeout_seconds: float = Field(15.0, description="How long one request to the upstream may take.")
    cap_trusted_senders: str = Field(
        "",
        description="CAP `sender` values (comma-separated) whose alerts become approved emergencies at once. Others "
        "become emergencies awaiting approval — or are refused when `TTCS_CAP_SIGNING_CERTS` is set.",
    )
    cap_signing_certs: str = Field(
        "",
        description="A PEM file of the X.509 certificates whose XML signatures (XML-DSig, enveloped, in the CAP "
        "`alert`) we accept. Set: every CAP alert must be signed by one of them and come from a trusted sender, "
        "else it is refused. Empty: signatures are not checked.",
    )
    cap_feed_urls: str = Field(
        "", description="CAP alerts or Atom/RSS feeds of CAP alerts (comma-separated URLs) polled for new alerts."
    )
    cap_poll_seconds: float = Field(60.0, description="How often the CAP feeds are polled (at least every 10 s).")
    cap_sender: str = Field(
        "ttcs@localhost", description="The CAP `sender` of the emergency bulletins we export (`/cap/v1/alerts`)."
    )
