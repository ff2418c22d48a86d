"""Device availability from what the hub stores: each device's time in service and its offline alerts.

The hub has no heartbeat history, only the present state; what it keeps over time is the alert a
device gets when it falls silent (`hub.devices.health`: opened when the sweep finds it silent for
`TTCS_DEVICE_OFFLINE_AFTER`, closed by its next heartbeat). So a device's time in service is from
its registration (or the start of the period) to its revocation (or the end of the period, or now),
and its time out of service is the part of that its offline alerts cover. A device that has never
sent a heartbeat (it never connected: no alert can have opened for it) is out of service for its
whole span, so a loudspeaker still waiting to be installed lowers the figure instead of being left
out of it. Availability is in service minus out of service, over in service, summed over the devices
of a kind.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from hub.devices.model import ALERT_LABELS, KIND_LABELS, AlertKind, Kind
from hub.reports.model import DeviceFigures, DeviceKindFigures, Period, Row
from hub.reports.repository import AlertRow, DeviceRow


def _overlap(start: datetime, end: datetime, low: datetime, high: datetime) -> float:
    """Seconds of [start, end) inside [low, high)."""
    return max(0.0, (min(end, high) - max(start, low)).total_seconds())


def figures(devices: list[DeviceRow], alerts: list[AlertRow], period: Period, now: datetime) -> DeviceFigures:
    until = min(period.end, max(now, period.start))
    spans: dict[int, tuple[datetime, datetime]] = {}
    for device in devices:
        start = max(period.start, device.created_at)
        end = min(until, device.revoked_at) if device.revoked_at else until
        spans[device.id] = (start, max(start, end))
    offline: dict[int, float] = defaultdict(float)
    offline_alerts: Counter[int] = Counter()
    alarms = Counter[str]()
    never = {x.id for x in devices if x.last_seen_at is None}
    for i in never:  # never connected: out of service all along
        offline[i] = (spans[i][1] - spans[i][0]).total_seconds()
    for alert in alerts:
        span = spans.get(alert.device_id)
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
