"""A simple HTTP SMS gateway: the answers to hotline callers go out as text messages.

The gateway receives `POST {TTCS_SMS_URL}` with JSON `{"to": "0905123456", "text": "…", "ref": "42"}`
and a bearer token. 2xx: sent (an `id` in the JSON reply is kept). 400, 404, 410, 422: the number
cannot be reached (undeliverable). Anything else, or no answer: transient, retried. `ref` is the
message id, so a gateway can drop a repeat after a crash between sending and recording.
"""

from __future__ import annotations

import httpx

from hub.contacts.model import Contact
from hub.context import Hub
from hub.messaging.model import Message
from hub.messaging.senders import Sender, Undeliverable
from hub.messaging.settings import SmsSettings

PERMANENT = frozenset({400, 404, 410, 422})


class SmsGateway:
    def __init__(
        self, url: str, token: str = "", *, timeout: float = 10.0, transport: httpx.BaseTransport | None = None
    ):
        self.url = url
        self.token = token
        self.timeout = timeout
        self.transport = transport

    def send(self, contact: Contact | None, message: Message) -> str | None:
        number = contact.phone_number if contact is not None else None
        if not number:
            raise Undeliverable("không có số điện thoại để gửi SMS")
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        body = {"to": number, "text": message.text, "ref": str(message.id)}
        with httpx.Client(timeout=self.timeout, transport=self.transport) as http:
            try:
                response = http.post(self.url, json=body, headers=headers)
            except httpx.HTTPError as exc:
                raise ConnectionError(f"SMS gateway unreachable: {exc}") from exc
        if response.status_code in PERMANENT:
            raise Undeliverable(f"SMS gateway refused the number ({response.status_code}): {response.text[:200]}")
        if response.status_code >= 300:
            raise ConnectionError(f"SMS gateway answered {response.status_code}: {response.text[:200]}")
        try:
            reply = response.json()
        except ValueError:
            return None
        return str(reply.get("id")) if isinstance(reply, dict) and reply.get("id") is not None else None


def sms_sender(hub: Hub) -> Sender | None:
    sms = hub.settings.of(SmsSettings)
    return SmsGateway(sms.sms_url, sms.sms_token) if sms.sms_url else None
