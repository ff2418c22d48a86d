"""The devices' settings (heartbeats, manifests, change feed, MQTT): environment variables prefixed ``TTCS_``.

Declared beside the device domain that reads them and registered by its plugin; read with
`settings.of(DeviceSettings)`.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class DeviceSettings(BaseSettings):
    """Loudspeakers and e-boards: how often they report, how far ahead they play, how they are told of changes."""

    model_config = SettingsConfigDict(env_prefix="TTCS_", extra="ignore")

    device_offline_after: int = Field(
        300, description="Seconds without a heartbeat after which a device is marked offline and its operators alerted."
    )
    device_heartbeat_seconds: int = Field(60, description="How often devices are told to send a heartbeat (seconds).")
    device_manifest_hours: int = Field(
        36,
        description="How far ahead a device manifest reaches (hours): how long a device plays on without the hub.",
    )
    device_late_grace_seconds: int = Field(
        300, description="A scheduled play not started this many seconds after its time is skipped, never played late."
    )
    device_emergency_catch_up_minutes: int = Field(
        60,
        description="A device that was offline when an emergency was published still plays it at once if it "
        "comes back within this many minutes (the emergency also opens every broadcast window while live).",
    )
    device_change_poll_seconds: float = Field(
        1.0,
        description="How often each hub process looks for changes committed by other processes (long-poll wake-up "
        "across processes; changes made in the same process wake devices at once). On PostgreSQL with "
        "`TTCS_DEVICE_CHANGE_LISTEN` on, this is only the fallback for when the notification connection is down.",
    )
    device_change_listen: bool = Field(
        True,
        description="On PostgreSQL, each hub process holds one extra connection that LISTENs for the versions other "
        "processes commit (`NOTIFY ttcs_delivery`) and wakes its long-polling devices at once; it reconnects with "
        "back-off if the database goes away. Ignored on SQLite (one process).",
    )
    device_write_window_ms: float = Field(
        50.0,
        ge=0,
        le=1000,
        description="Heartbeats and play logs arriving within this many milliseconds are written in one "
        "transaction (up to 500 at once); each device is answered after the commit. 0: no wait, only the "
        "requests arriving while a transaction is committing are grouped.",
    )
    device_history_days: int = Field(
        800,
        ge=400,
        description="Days of heartbeat history kept (one row per device and hour heard; the annual report's "
        "availability). Older hours are deleted once a day; a report for a period before that falls back to the "
        "offline alerts.",
    )
    mqtt_url: str = Field(
        "",
        description="MQTT broker for device notices, e.g. `mqtt://ttcs:secret@127.0.0.1:1883`. Empty: devices "
        "rely on HTTP long-poll alone.",
    )
    mqtt_device_url: str = Field(
        "", description="The broker URL devices are told to use (when it differs from the hub's `TTCS_MQTT_URL`)."
    )
