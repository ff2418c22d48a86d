"""MQTT "collect now" notices (when `TTCS_MQTT_URL` is set).

After a commit that changed what devices play (`DeliveryChanged`, see `hub.devices.runtime`), the
committing process publishes a `devices.protocol.Notice` on the topic of each device changed and of each area
changed and the areas above it (a device listens to its own area and those above). The notice says
whether an emergency caused it. HTTP long-poll works without any of this; MQTT reaches devices
that poll slowly to save data. The client is paho-mqtt, in its own network thread.
"""

from __future__ import annotations

import logging
import os
import secrets
from urllib.parse import unquote, urlsplit

import paho.mqtt.client as mqtt

from devices.protocol import Notice, area_topic, device_topic
from hub.config import Settings
from hub.devices.settings import DeviceSettings
from hub.kit.errors import ConfigurationError
from hub.kit.time import utcnow

log = logging.getLogger(__name__)


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

    def publish(self, scopes: tuple[str, ...], version: int, emergency: bool) -> None:
        sent: set[str] = set()
        payload = Notice(emergency=emergency, version=version, sent_at=utcnow()).model_dump_json()
        for scope in scopes:
            for topic in topics_for(scope):
                if topic not in sent:
                    sent.add(topic)
                    self.client.publish(topic, payload, qos=1)
        log.debug("mqtt notices: %s", sorted(sent))

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def check(settings: Settings) -> None:
    """At start-up: a malformed `TTCS_MQTT_URL` stops the process rather than the first notice."""
    url = settings.of(DeviceSettings).mqtt_url
    if url:
        parse_url(url)
