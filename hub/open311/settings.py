"""The Open311 interface's settings: environment variables prefixed ``TTCS_``; read with
`settings.of(Open311Settings)`.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Open311Settings(BaseSettings):
    """Open311 (GeoReport v2): which civic applications may file feedback, and this hub's jurisdiction id."""

    model_config = SettingsConfigDict(env_prefix="TTCS_", extra="ignore")

    open311_api_keys: str = Field(
        "", description="Comma-separated keys of the civic applications allowed to file through Open311."
    )
    open311_require_api_key: bool = Field(
        False, description="Filing through Open311 needs one of `TTCS_OPEN311_API_KEYS` (reading never does)."
    )
    open311_jurisdiction: str = Field(
        "", description="The Open311 `jurisdiction_id` of this hub. Empty: the province code (e.g. `66`)."
    )
