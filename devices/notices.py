"""Listening for the hub's "collect now" notices over MQTT (paho-mqtt, its own network thread)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

import paho.mqtt.client as mqtt


def connect(url: str, topics: list[str], on_message: Callable[..., Any], client_id: str = "") -> mqtt.Client:
    parts = urlsplit(url)
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2, client_id=f"{client_id or 'ttcs-device'}-{secrets.token_hex(3)}"
    )
    if parts.username:
        client.username_pw_set(unquote(parts.username), unquote(parts.password or ""))

    def on_connect(c: mqtt.Client, _userdata: object, _flags: object, reason: object, _props: object) -> None:
        for topic in topics:
            c.subscribe(topic, qos=1)  # again after every reconnection

    client.on_connect = on_connect
    client.on_message = on_message
    client.reconnect_delay_set(1, 30)
    client.connect_async(parts.hostname or "127.0.0.1", parts.port or 1883, keepalive=30)
    client.loop_start()
    return client
