"""The tile-free device map: north is up, east is right, distances keep their proportions, devices
without coordinates are counted but not drawn."""

from __future__ import annotations

from datetime import UTC, datetime

from hub.devices import mapview
from hub.devices.model import Device, Kind, State


def device(imei: str, lat: float | None, lon: float | None, state: State = State.ONLINE) -> Device:
    return Device(imei, imei, Kind.LOUDSPEAKER, 1, "24169", "/66/24169/", "x", datetime.now(UTC), lat=lat, lon=lon,
                  state=state)  # fmt: skip


def test_north_is_up_east_is_right_and_proportions_hold():
    drawn = mapview.build([
        device("centre", 12.62, 108.08),
        device("north", 12.64, 108.08),
        device("east", 12.62, 108.10, State.OFFLINE),
        device("nowhere", None, None),
    ])  # fmt: skip
    assert drawn is not None and drawn.missing == 1
    at = {p.device.imei: p for p in drawn.points}
    assert at["north"].y < at["centre"].y and at["north"].x == at["centre"].x
    assert at["east"].x > at["centre"].x and at["east"].y == at["centre"].y
    # 0.02° of longitude is shorter on the ground than 0.02° of latitude (cos 12.6° ≈ 0.976)
    ratio = (at["east"].x - at["centre"].x) / (at["centre"].y - at["north"].y)
    assert 0.96 < ratio < 0.99
    assert at["east"].colour == mapview.COLOURS["offline"] != at["centre"].colour
    assert all(0 <= p.x <= drawn.width and 0 <= p.y <= drawn.height for p in drawn.points)
    assert drawn.south < 12.62 < 12.64 < drawn.north and drawn.west < 108.08 < 108.10 < drawn.east


def test_one_device_is_centred_and_no_coordinates_means_no_map():
    alone = mapview.build([device("one", 12.62, 108.08)])
    assert alone is not None and (alone.points[0].x, alone.points[0].y) == (alone.width / 2, alone.height / 2)
    assert mapview.build([device("nowhere", None, None)]) is None
