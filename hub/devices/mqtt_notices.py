"""MQTT "collect now" notices (when `TTCS_MQTT_URL` is set).

After a commit that changed what devices play (`hub.broadcasts.changes.on_commit`), the committing
process publishes a `devices.protocol.Notice` on the topic of each device changed and of each area
changed and the areas above it (a device listens to its own area and those above). The notice says
whether an emergency caused it. HTTP long-poll works without any of this; MQTT reaches devices
that poll slowly to save data. The client is paho-mqtt, in its own network thread.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
from urllib.parse import unquote, urlsplit

import paho.mqtt.client as mqtt

from devices.protocol import Notice, area_topic, device_topic
from hub.broadcasts import changes
from hub.config import Settings
from hub.kit.errors import ConfigurationError
from hub.kit.time import utcnow

log = logging.getLogger(__name__)
_lock = threading.Lock()
_current: Notifier | None = None


def parse_url(url: str) -> tuple[str, int, str | None, str | None]:
    parts = urlsplit(url)
    if parts.scheme not in ("mqtt", "tcp") or not parts.hostname:
        raise ConfigurationError(f"TTCS_MQTT_URL must look like mqtt://user:pass@host:1883, not {url!r}")
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return parts.hostname, parts.port or 1883, user, password


def topics_for(scope: str) -> list[str]:
    if scope.startswith("device:"):
        return [device_topic(scope.removeprefix("device:"))]
    return [area_topic(code) for code in scope.strip("/").split("/") if code]


class Notifier:
    def __init__(self, url: str) -> None:
        self.url = url
        host, port, user, password = parse_url(url)
        client_id = f"ttcs-hub-{os.getpid()}-{secrets.token_hex(3)}"
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id)
        if user:
            self.client.username_pw_set(user, password)
        self.client.reconnect_delay_set(1, 30)
        self.client.connect_async(host, port, keepalive=30)
        self.client.loop_start()

    def __call__(self, scopes: dict[str, bool], version: int) -> None:
        sent: set[str] = set()
        emergency = any(scopes.values())
        payload = Notice(emergency=emergency, version=version, sent_at=utcnow()).model_dump_json()
        for scope in scopes:
            for topic in topics_for(scope):
                if topic not in sent:
                    sent.add(topic)
                    self.client.publish(topic, payload, qos=1)
        log.debug("mqtt notices: %s", sorted(sent))

    def close(self) -> None:
        changes.remove_listener(self)
        self.client.disconnect()
        self.client.loop_stop()


def configure(settings: Settings) -> None:
    """Start (or stop) publishing for this process, following `TTCS_MQTT_URL`."""
    global _current
    with _lock:
        if _current is not None and _current.url == settings.mqtt_url:
            return
        if _current is not None:
            _current.close()
            _current = None
        if settings.mqtt_url:
            parse_url(settings.mqtt_url)
            _current = Notifier(settings.mqtt_url)
            changes.on_commit(_current)
