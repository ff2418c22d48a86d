"""A map of devices that needs no map tiles: their coordinates projected into an inline SVG.

Communes often have poor connectivity and the hub may run without Internet, so the officials' map
is drawn from the devices' own latitude/longitude (an equirectangular projection scaled by the
cosine of the latitude, which is accurate enough within a commune) inside the bounding box of the
devices shown, with a little margin. No tiles, no CDN, no script: a picture with links.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from hub.devices.model import Activity, Device

WIDTH = 640
HEIGHT = 420
PAD = 28
MIN_SPAN_DEG = 0.01  # about a kilometre: a single device is not drawn at the corner of a zero-size box

# SVG presentation attributes (the page's Content-Security-Policy forbids inline styles).
COLOURS = {
    Activity.PLAYING: "#1b6e3a",
    Activity.ONLINE: "#2f7d4f",
    Activity.OFFLINE: "#b3261e",
    Activity.NEW: "#6b6b6b",
    Activity.REVOKED: "#6b6b6b",
}


@dataclass(frozen=True)
class Point:
    device: Device
    x: float
    y: float
    colour: str
    label_left: bool
    label_dy: float  # labels of devices standing close together are spread out


@dataclass(frozen=True)
class DeviceMap:
    points: list[Point]
    width: int
    height: int
    south: float
    west: float
    north: float
    east: float
    scale_km: float  # the length of the scale bar
    scale_px: float
    missing: int  # devices shown in the list without coordinates


def build(devices: Iterable[Device], width: int = WIDTH, height: int = HEIGHT) -> DeviceMap | None:
    """The map of the devices that have coordinates, or None when none has."""
    all_devices = list(devices)
    located = [d for d in all_devices if d.lat is not None and d.lon is not None]
    if not located:
        return None
    lats = [d.lat for d in located if d.lat is not None]
    lons = [d.lon for d in located if d.lon is not None]
    mid_lat = (min(lats) + max(lats)) / 2
    squeeze = math.cos(math.radians(mid_lat))  # a degree of longitude is shorter than one of latitude
    span_lat = max(max(lats) - min(lats), MIN_SPAN_DEG)
    span_lon = max(max(lons) - min(lons), MIN_SPAN_DEG)
    scale = min((width - 2 * PAD) / (span_lon * squeeze), (height - 2 * PAD) / span_lat)
    # Centre the devices in the picture.
    centre_lat, centre_lon = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    half_w, half_h = width / 2 / scale / squeeze, height / 2 / scale
    west, east = centre_lon - half_w, centre_lon + half_w
    south, north = centre_lat - half_h, centre_lat + half_h
    points: list[Point] = []
    for d in located:
        assert d.lat is not None and d.lon is not None  # located
        x = (d.lon - west) * scale * squeeze
        y = (north - d.lat) * scale
        near = sum(1 for p in points if abs(p.x - x) < 60 and abs(p.y - y) < 14)
        dy = 4 + 15 * near * (-1 if y > height / 2 else 1)
        points.append(Point(d, round(x, 1), round(y, 1), COLOURS[d.activity], x > width * 0.6, dy))
    km_per_px = 111.32 / scale  # a degree of latitude is ~111 km
    scale_km = _nice(km_per_px * width / 4)
    return DeviceMap(
        points,
        width,
        height,
        round(south, 5),
        round(west, 5),
        round(north, 5),
        round(east, 5),
        scale_km,
        round(scale_km / km_per_px, 1),
        len(all_devices) - len(located),
    )


def _nice(km: float) -> float:
    """A round length for the scale bar (0.1, 0.2, 0.5, 1, 2, 5 … km)."""
    exponent = math.floor(math.log10(km)) if km > 0 else 0
    for step in (1, 2, 5, 10):
        if step * 10**exponent >= km:
            return float(step * 10**exponent) if exponent >= 0 else round(step * 10**exponent, 3)
    return float(10 ** (exponent + 1))
