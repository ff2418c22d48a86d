"""Shared steps of the device tests."""

from __future__ import annotations

from datetime import UTC, datetime

EA_KAO, CU_MGAR = "24169", "24280"


def add_device(client, headers, imei: str, area: str = EA_KAO, kind: str = "loudspeaker") -> str:
    response = client.post(
        "/api/v1/devices", json={"imei": imei, "kind": kind, "area_code": area, "name": f"Loa {imei}"}, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()["token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def beat(imei: str, **extra: object) -> dict[str, object]:
    return {
        "device_id": imei,
        "sent_at": datetime.now(UTC).isoformat(),
        "operating_state": "idle",
        "connection": "4G,-71dbm",
        "signal_dbm": -71,
        "volume": 70,
        "gps": {"lat": 12.629, "lon": 108.083},
        "temperature_c": 41.5,
        "power": {"mains": True, "battery_pct": 96},
        "app_version": "test/1",
        **extra,
    }


def bulletin(client, editor, approver, *, title: str, area: str = EA_KAO, priority: str = "normal", **extra) -> int:
    body = {
        "title": title,
        "body": f"{title}. Nội dung gửi bà con.",
        "category": "local_affairs",
        "priority": priority,
        "target_codes": [area],
        **extra,
    }
    created = client.post("/api/v1/bulletins", json=body, headers=editor)
    assert created.status_code == 201, created.text
    bid = created.json()["id"]
    assert client.post(f"/api/v1/bulletins/{bid}/submit", headers=editor).status_code == 200
    assert client.post(f"/api/v1/bulletins/{bid}/approve", headers=approver).status_code == 200
    return bid
