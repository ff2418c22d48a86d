"""The device protocol: what loudspeaker clusters and e-boards exchange with the hub.

Shared by the hub (which serves it) and by the reference players and the simulator (which speak
it like a vendor's device would). Versioned: `PROTOCOL_VERSION` is in every manifest and in the
`X-TTCS-Protocol` header; a new field is added with a default, a removed or changed one bumps the
version. Times are absolute UTC (ISO 8601 with offset) on the wire.

    GET  /api/v1/device/manifest[?wait=N]      Manifest      (ETag / If-None-Match → 304)
    POST /api/v1/device/heartbeat              Heartbeat     → HeartbeatAck
    POST /api/v1/device/playlog                PlayLogBatch  → PlayLogAck (idempotent)
    GET  /api/v1/device/commands               list[Command]
    POST /api/v1/device/commands/ack           CommandAcks
    GET  /api/v1/device/audio/{bulletin_id}    the audio of an item (also before publication)

A manifest's `streams` (relays, live broadcasts) name URLs on the hub's streaming server (Icecast).

Every request carries `Authorization: Bearer <device token>`. MQTT (optional): the hub publishes a
`Notice` on `ttcs/device/{device_id}/notify` and `ttcs/area/{area_code}/notify`; a device that gets
one fetches its manifest at once.

Field names follow the de facto Vietnamese source-system format where one exists (see
`docs/devices.md`: `CumLoaId` = `device_id`, `AmLuong` = `volume`, `TrangThaiHoatDong` =
`operating_state`, `TrangThaiKetNoi` = `connection`, `ViDo`/`KinhDo` = `gps.lat`/`gps.lon`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, field_serializer

PROTOCOL_VERSION = 1
HEADER = "X-TTCS-Protocol"
MANIFEST_PATH = "/api/v1/device/manifest"
HEARTBEAT_PATH = "/api/v1/device/heartbeat"
PLAYLOG_PATH = "/api/v1/device/playlog"
COMMANDS_PATH = "/api/v1/device/commands"
COMMANDS_ACK_PATH = "/api/v1/device/commands/ack"
MAX_WAIT_SECONDS = 120
MAX_PLAYLOG_BATCH = 500

Text = Annotated[str, StringConstraints(max_length=500)]


def device_topic(device_id: str) -> str:
    return f"ttcs/device/{device_id}/notify"


def area_topic(area_code: str) -> str:
    return f"ttcs/area/{area_code}/notify"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class _Strict(BaseModel):
    """What devices send: unknown fields are refused (422), so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Priority(StrEnum):
    NORMAL = "normal"
    PRIORITY = "priority"
    EMERGENCY = "emergency"


# MucDoUuTien of the source-system format.
PRIORITY_CODES = {Priority.EMERGENCY: 1, Priority.PRIORITY: 2, Priority.NORMAL: 3}


class InterruptPolicy(StrEnum):
    RESUME = "resume"  # the interrupted item plays again from its start after the emergency
    SKIP = "skip"  # the interrupted item is logged as interrupted and not played again


# -- the manifest ----------------------------------------------------------------------------------


class Audio(_Model):
    url: str
    sha256: str
    bytes: int
    duration_ms: int
    format: str = "mp3"


class Variant(_Model):
    """The bulletin in one language, as the commune broadcasts it."""

    lang: str = Field(description='"vi", "ede", "mnong", "jrai" …')
    audio: Audio


class Item(_Model):
    """One play of one bulletin at one time (loudspeakers)."""

    id: str = Field(description="Stable id of this play: the play log refers to it.")
    bulletin_id: int
    revision: int
    priority: Priority
    title: str
    start: AwareDatetime
    latest_start: AwareDatetime = Field(description="Not started by then (device offline, no audio): skip it.")
    duration_ms: int
    interrupt: bool = Field(False, description="Stop whatever plays and play this at once (emergencies).")
    audio: Audio | None = Field(None, description="None while the audio is being rendered.")
    variants: list[Variant] = Field(
        default_factory=list,
        description="Every language to play, one after the other, in the commune's order (Vietnamese is "
        "`audio` too). Empty when the commune broadcasts Vietnamese only: play `audio`.",
    )

    def playlist(self) -> list[Variant]:
        """What to play, in order: the variants, or the Vietnamese audio alone."""
        if self.variants:
            return list(self.variants)
        return [Variant(lang="vi", audio=self.audio)] if self.audio else []


class Stream(_Model):
    """A live stream a loudspeaker plays between `start` and `end` (protocol 1, added with a default:
    players that do not know it ignore the manifest's `streams`). A relay of an upstream station
    ("tiếp sóng", source-system content type 6) or a live broadcast ("phát trực tiếp", type 5),
    served by the hub's streaming server. A stream that leaves the manifest stops playing (its relay
    failed, or the operator stopped the live broadcast): the device goes back to its schedule."""

    id: str = Field(description="Stable id of this play: the play log refers to it.")
    kind: Literal["relay", "live"]
    title: str
    url: str = Field(description="The stream (HTTP, Icecast mount).")
    format: str = "mp3"
    start: AwareDatetime
    end: AwareDatetime
    priority: Priority = Priority.NORMAL
    interrupt: bool = Field(False, description="Stop whatever plays and play this at once (emergency live).")


class BoardItem(_Model):
    """A bulletin as an e-board shows it."""

    bulletin_id: int
    revision: int
    priority: Priority
    title: str
    summary: str
    body: str
    issuer: str
    valid_from: AwareDatetime
    valid_until: AwareDatetime | None


class Notify(_Model):
    """Where to listen for "collect now" notices (when the hub has an MQTT broker)."""

    mqtt_url: str
    topics: list[str]


class Manifest(_Model):
    protocol: int = PROTOCOL_VERSION
    device_id: str
    name: str
    kind: Literal["loudspeaker", "eboard"]
    area_code: str
    area_name: str
    area_codes: list[str] = Field(description="The device's area and the areas above it, root first.")
    server_time: AwareDatetime = Field(description="The hub's clock when this was sent: correct skew with it.")
    horizon_start: AwareDatetime
    horizon_end: AwareDatetime
    volume: int
    max_volume: int
    interrupt_policy: InterruptPolicy
    heartbeat_seconds: int
    items: list[Item]
    board: list[BoardItem]
    ticker: str
    pending_commands: int = 0
    notify: Notify | None = None
    streams: list[Stream] = Field(default_factory=list, description="Relays and live broadcasts to play.")

    @field_serializer("server_time", "horizon_start", "horizon_end", when_used="json")
    def _with_offset(self, value: datetime) -> str:
        """Protocol 1 sends these three with a numeric offset ("+00:00") and the items' times with
        "Z", as hubs always have: both are ISO 8601 UTC, and changing either is a new version."""
        return value.isoformat()


# -- what devices send -----------------------------------------------------------------------------


class GPS(_Strict):
    lat: float = Field(ge=-90, le=90, description="ViDo")
    lon: float = Field(ge=-180, le=180, description="KinhDo")


class Power(_Strict):
    mains: bool = True
    battery_pct: int | None = Field(None, ge=0, le=100)


class Alarm(StrEnum):
    MAINS_LOST = "mains_lost"
    SPEAKER_LINE_FAULT = "speaker_line_fault"
    STORAGE_FULL = "storage_full"
    OVERHEAT = "overheat"


class Heartbeat(_Strict):
    device_id: Annotated[str, StringConstraints(min_length=1, max_length=64)] = Field(description="CumLoaId / IMEI")
    sent_at: AwareDatetime
    operating_state: Literal["playing", "idle", "off", "fault"] = Field(description="TrangThaiHoatDong")
    connection: Annotated[str, StringConstraints(max_length=64)] = Field(
        "", description='TrangThaiKetNoi, e.g. "4G,-10dbm"'
    )
    signal_dbm: int | None = Field(None, ge=-150, le=0)
    volume: int | None = Field(None, ge=0, le=100, description="AmLuong")
    gps: GPS | None = None
    temperature_c: float | None = Field(None, ge=-40, le=125)
    power: Power | None = None
    storage_used_pct: int | None = Field(None, ge=0, le=100)
    alarms: list[Alarm] = Field(default_factory=list, max_length=10)
    app_version: Annotated[str, StringConstraints(max_length=64)] = ""
    current_item: Annotated[str, StringConstraints(max_length=120)] | None = None
    manifest_etag: Annotated[str, StringConstraints(max_length=120)] | None = None
    pending_logs: int | None = Field(None, ge=0)


class HeartbeatAck(_Model):
    server_time: datetime
    state: str


class PlayResult(StrEnum):
    PLAYED = "played"
    INTERRUPTED = "interrupted"
    STOPPED = "stopped"  # an operator's stop command
    MISSED = "missed"  # its latest start passed (offline, no audio)
    FAILED = "failed"


class PlayLogEntry(_Strict):
    item_id: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    bulletin_id: int | None = None
    start: AwareDatetime
    end: AwareDatetime
    result: PlayResult
    detail: Text = ""
    lang: Annotated[str, StringConstraints(max_length=16)] = Field("", description="The language that played.")


class PlayLogBatch(_Strict):
    device_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    entries: list[PlayLogEntry] = Field(min_length=1, max_length=MAX_PLAYLOG_BATCH)


class PlayLogAck(_Model):
    accepted: int = Field(description="Entries stored now.")
    duplicates: int = Field(description="Entries stored before (a batch sent again): not counted twice.")


# -- commands --------------------------------------------------------------------------------------


class CommandKind(StrEnum):
    VOLUME = "volume"
    STOP = "stop"
    REPLAY = "replay"
    RESTART = "restart"


class Command(_Model):
    id: int
    kind: CommandKind
    args: dict[str, int | str] = Field(default_factory=dict)
    created_at: datetime


class CommandAck(_Strict):
    id: int
    result: Literal["done", "failed"]
    detail: Text = ""


class CommandAcks(_Strict):
    device_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    acks: list[CommandAck] = Field(min_length=1, max_length=100)


# -- MQTT ------------------------------------------------------------------------------------------


class Notice(_Model):
    """A "collect now" notice: fetch the manifest (and the commands) at once, passing `version` as
    `?version=` so that whichever hub process answers has read that change first."""

    protocol: int = PROTOCOL_VERSION
    kind: Literal["collect"] = "collect"
    emergency: bool = False
    version: int = 0
    sent_at: datetime
