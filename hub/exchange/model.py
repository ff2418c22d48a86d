"""Exchange with other systems: provincial source systems (the de facto Vietnamese format of
`../shared/reference/source-system-interface.md`) and CAP 1.2 alerts. Plain records, no storage.

- `SourceSystem`: a provincial source system ("NguonId") that feeds us, with its dedicated partner
  account (a `User`) and the area it may address.
- `SourceMessage`: every message a source sent, by a hash of its canonical JSON, with the answer we
  gave: a repeated message gets the same answer and is not handled twice.
- `SourceBulletin` / `SourceCluster`: the source's `BanTinId` and `CumLoaId` mapped to our bulletin
  and device.
- `OutboxEntry` / `UpstreamState`: what we report upward (device status, play logs), in order,
  each sent once, with the backoff of an upstream that is down.
- `CapAlert`: a CAP alert we imported (sender, identifier, sent) and the bulletin it became.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hub.kit.ids import ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class SourceSystem:
    code: str  # NguonId
    name: str
    user_id: int
    area_id: int
    created_at: datetime
    id: int = ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class SourceMessage:
    source_id: int
    kind: str
    message_key: str  # SHA-256 of the kind and the canonical JSON of the message
    received_at: datetime
    answer: dict[str, Any] = field(default_factory=dict)
    id: int = ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class SourceBulletin:
    source_id: int
    ban_tin_id: str
    bulletin_id: int
    created_at: datetime
    schedule_ids: list[int] = field(default_factory=list)
    id: int = ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class SourceCluster:
    source_id: int
    cluster_id: str  # CumLoaId
    device_id: int
    code_hash: str  # SHA-256 of MaXacThuc
    created_at: datetime
    id: int = ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class OutboxEntry:
    """One record to send upward. `id` orders the outbox; `key` makes collecting idempotent."""

    kind: str  # "status" | "log"
    dedupe_key: str
    payload: dict[str, Any]
    created_at: datetime
    sent_at: datetime | None = None
    id: int = ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class UpstreamState:
    """One row: how the upstream answered last, and when to try again after a failure."""

    name: str
    failures: int = 0
    next_at: datetime | None = None
    last_error: str = ""
    last_sent_at: datetime | None = None
    log_cursor: int = 0  # the last play_log id copied into the outbox
    pending_last: int | None = None  # last outbox id of a batch sent but not confirmed: resent as it was


@dataclass(eq=False)
class CapAlert:
    sender: str
    identifier: str
    sent: datetime
    msg_type: str
    received_at: datetime
    channel: str  # file / http / feed
    trusted: bool
    bulletin_id: int | None = None
    refs: list[str] = field(default_factory=list)  # "sender,identifier,sent" of earlier alerts
    id: int = ASSIGNED_ON_FLUSH
