"""Device availability from what the hub stores: each device's time in service, the hours it was
heard from, and its offline alerts.

A device's time in service is from its registration (or the start of the period) to its revocation
(or the end of the period, or now). The hub keeps a compact heartbeat history (`device_seen`: one row
per device and UTC hour in which it sent a heartbeat, `hub.devices.telemetry`), so the time it was
available is the part of that span covered by hours it was heard in: a loudspeaker that sent
heartbeats in 3 of 4 hours was available 75 % of the time, and one that never connected 0 %.
Availability is that time over the time in service, summed over the devices of a kind.

Before the history began (the hub ran a version without it; the first hour stored anywhere), only
offline alerts tell (`hub.devices.health`: opened when the sweep finds a device silent for
`TTCS_DEVICE_OFFLINE_AFTER`, closed by its next heartbeat): that part of a span counts as available
except what its offline alerts cover, or not at all for a device that never sent a heartbeat. The
report's count of offline alerts is the alerts' as before.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from hub.devices.model import ALERT_LABELS, KIND_LABELS, AlertKind, Kind
from hub.reports.model import DeviceFigures, DeviceKindFigures, Period, Row
from hub.reports.repository import AlertRow, DeviceRow, SeenRow


def _overlap(start: datetime, end: datetime, low: datetime, high: datetime) -> float:
    """Seconds of [start, end) inside [low, high)."""
    return max(0.0, (min(end, high) - max(start, low)).total_seconds())


def _seen_seconds(row: SeenRow, start: datetime, end: datetime) -> float:
    """Seconds of [start, end) inside the hours the device was heard in (its hours lie in the period,
    none before its registration's hour nor after its revocation's)."""
    hour = 3600.0
    seconds = row.hours * hour
    seconds -= min(hour, max(0.0, (start - row.first).total_seconds()))  # its first hour began before
    seconds -= min(hour, max(0.0, (row.last + timedelta(hours=1) - end).total_seconds()))  # the last ends after
    return min(max(0.0, seconds), max(0.0, (end - start).total_seconds()))


def figures(
    devices: list[DeviceRow],
    alerts: list[AlertRow],
    period: Period,
    now: datetime,
    *,
    seen: Sequence[SeenRow] = (),
    history_since: datetime | None = None,
) -> DeviceFigures:
    """`seen`: the devices' heartbeat history in the period; `history_since`: its first hour anywhere
    (None: no history, only offline alerts tell)."""
    until = min(period.end, max(now, period.start))
    spans: dict[int, tuple[datetime, datetime]] = {}
    before: dict[int, tuple[datetime, datetime]] = {}  # the part of each span before the history began
    for device in devices:
        start = max(period.start, device.created_at)
        end = max(start, min(until, device.revoked_at) if device.revoked_at else until)
        spans[device.id] = (start, end)
        split = end if history_since is None else min(end, max(start, history_since))
        before[device.id] = (start, split)
    offline: dict[int, float] = defaultdict(float)
    heard = {row.device_id: row for row in seen}
    for i, (_, end) in spans.items():
        split = before[i][1]
        row = heard.get(i)
        offline[i] += (end - split).total_seconds() - (_seen_seconds(row, split, end) if row else 0.0)
    offline_alerts: Counter[int] = Counter()
    alarms = Counter[str]()
    never = {x.id for x in devices if x.last_seen_at is None}
    for i in never:  # never connected: out of service all along
        offline[i] += (before[i][1] - before[i][0]).total_seconds()
    for alert in alerts:
        span = before.get(alert.device_id)
        if span is None:
            continue
        if alert.kind == AlertKind.OFFLINE.value:
            if alert.device_id not in never:  # (already out of service all along)
                offline[alert.device_id] += _overlap(alert.opened_at, alert.closed_at or until, *span)
            offline_alerts[alert.device_id] += 1
        elif period.start <= alert.opened_at < period.end:
            alarms[alert.kind] += 1
    kinds = []
    for kind in Kind:
        mine = [x.id for x in devices if x.kind == kind.value]
        kinds.append(
            DeviceKindFigures(
                kind=kind.value,
                label=KIND_LABELS[kind],
                devices=len(mine),
                service_hours=sum((spans[i][1] - spans[i][0]).total_seconds() for i in mine) / 3600,
                offline_hours=sum(offline[i] for i in mine) / 3600,
                offline_alerts=sum(offline_alerts[i] for i in mine),
            )
        )
    labels = {k.value: v for k, v in ALERT_LABELS.items()}
    order = [k.value for k in AlertKind if k != AlertKind.OFFLINE]
    return DeviceFigures(kinds, [Row(k, labels[k], alarms.get(k, 0)) for k in order])
