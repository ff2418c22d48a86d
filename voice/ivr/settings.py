"""The hotline's settings (SIP, RTP, the call flow): environment variables prefixed ``TTCS_``.

Declared in `voice` so the hotline can be configured and tested without the hub; the hub side reads
them with `settings.of(HotlineSettings)` and `docs/configuration.md` lists them under this module.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class HotlineSettings(BaseSettings):
    """The hotline (`ttcs ivr`): its SIP account, its audio ports and what the call flow says."""

    model_config = SettingsConfigDict(env_prefix="TTCS_", extra="ignore")

    ivr_sip_server: str = Field(
        "127.0.0.1", description="The SIP server (PBX, carrier trunk or kamailio) the hotline registers with."
    )
    ivr_sip_port: int = Field(5060, description="UDP port of the SIP server.")
    ivr_sip_user: str = Field(
        "1900", description="The hotline's SIP user: the number citizens dial, registered with the SIP server."
    )
    ivr_sip_password: str = Field("", description="Password of the SIP user (digest authentication); empty: none.")
    ivr_local_ip: str = Field(
        "127.0.0.1",
        description="This host's address as the SIP server and callers reach it (written into SIP and SDP). "
        "Not 0.0.0.0.",
    )
    ivr_local_port: int = Field(5062, description="UDP port of the hotline's own SIP endpoint.")
    ivr_rtp_ports: str = Field("10000-20000", description="UDP port range for the calls' audio (RTP), `low-high`.")
    ivr_register_seconds: int = Field(
        60,
        description="How often the registration is renewed; after a SIP server restart the hotline is reachable "
        "again within this time.",
    )
    ivr_register_timeout_seconds: float = Field(
        3.0, description="How long to wait for the SIP server's answer to a registration before trying again."
    )
    ivr_max_calls: int = Field(60, description="Calls carried at once; more callers hear busy.")
    ivr_input_seconds: float = Field(
        6.0, description="How long a question waits for a key (or a word) before it is asked again."
    )
    ivr_record_max_seconds: int = Field(120, description="Longest feedback recording (seconds).")
    ivr_record_silence_seconds: float = Field(
        6.0, description="A recording ends after this long without speech (the caller may also press #)."
    )
    ivr_communes: str = Field(
        "",
        description="Area codes of the communes offered when a caller is asked where they live (comma-separated; "
        "the demo: `24169,24280`). Empty: every commune of the province. Up to 9 are read as one list; more are "
        "chosen by former district, then commune, or by their 5-digit code.",
    )
    ivr_news_items: int = Field(3, description="Bulletins read under “latest news”, newest first.")
    ivr_office_hours: str = Field(
        "Làm việc từ thứ Hai đến thứ Sáu, buổi sáng từ 7 giờ 30 đến 11 giờ 30, buổi chiều từ 13 giờ 30 đến 17 giờ.",
        description="What the hotline says about office hours (menu 0), after the name of the commune's office, "
        "unless an admin set the commune's own hours on its page (Địa bàn → Liên hệ UBND).",
    )
    ivr_site_name: str = Field(
        "thông tin cơ sở tỉnh Đắk Lắk", description="How the greeting names the hotline: “Đây là tổng đài …”."
    )
