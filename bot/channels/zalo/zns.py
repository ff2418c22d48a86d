"""Zalo ZNS (Zalo Notification Service): a message from a template Zalo approved, to a phone number,
whatever the OA's 7-day window. The outbox uses it when an answer can no longer go as an OA message
and the citizen consented to give their phone number (hub/messaging `FALLBACK_ROUTES`).

    POST {zalo_zns_url}/message/template        header `access_token` (the OA's token)
    {"phone": "84905123456", "template_id": "…", "template_data": {…}, "tracking_id": "ttcs-42"}
    → {"error": 0, "message": "Success", "data": {"msg_id": "…", "sent_time": "…", "quota": {…}}}

Like the OA API, errors come with HTTP 200 and a non-zero `error`. An invalid or expired token is
refreshed once (the same rotating pair as the OA's); any other refusal (phone not on Zalo, template
not approved, out of quota, the person refused ZNS) makes the message undeliverable by ZNS and the
outbox tries SMS. No answer, or HTTP ≠ 200: transient, the delivery is retried.

The approved template must have the parameters `ma_phan_anh` (the case code, ≤ 30 characters) and
`noi_dung` (the start of the answer, ≤ `ZNS_TEXT_MAX` characters); Zalo caps a template at 400
characters, so the citizen is told where to read the whole answer (the case's status page).
"""

from __future__ import annotations

import httpx

from bot.channels.zalo.client import ZaloClient, client_for, configured
from bot.settings import BotSettings
from hub.contacts.model import Contact
from hub.context import Hub
from hub.messaging.model import Message
from hub.messaging.senders import Sender, Undeliverable

CODE_MAX = 30
ZNS_TEXT_MAX = 200
# Token refused: -124 (invalid access token) in ZNS's table; the OA API's -216/-220 are accepted too.
TOKEN_ERRORS = frozenset({-124, -216, -220})


def international(phone: str) -> str:
    """ "0905123456" → "84905123456" (ZNS wants the international form without "+")."""
    digits = phone.lstrip("+")
    return "84" + digits[1:] if digits.startswith("0") else digits


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class ZnsSender:
    def __init__(self, client: ZaloClient, url: str, template_id: str) -> None:
        self.client = client
        self.url = url.rstrip("/") + "/message/template"
        self.template_id = template_id

    def send(self, contact: Contact | None, message: Message) -> str | None:
        phone = contact.phone_number if contact is not None and contact.consent_personal else None
        if not phone:
            raise Undeliverable("không có số điện thoại người dân đồng ý cung cấp")
        body: dict[str, object] = {
            "phone": international(phone),
            "template_id": self.template_id,
            "template_data": {
                "ma_phan_anh": (message.reference or str(message.id))[:CODE_MAX],
                "noi_dung": shorten(message.text, ZNS_TEXT_MAX),
            },
            "tracking_id": f"ttcs-{message.id}",
        }
        token = self.client.tokens.access_token()
        data = self._post(body, token)
        if _code(data) in TOKEN_ERRORS:
            data = self._post(body, self.client.tokens.refresh(stale=token))
        code = _code(data)
        if code != 0:
            raise Undeliverable(f"Zalo ZNS {code}: {data.get('message', '')}")
        found = data.get("data")
        return str(found.get("msg_id")) if isinstance(found, dict) and found.get("msg_id") else None

    def _post(self, body: dict[str, object], token: str) -> dict[str, object]:
        try:
            response = self.client.http.post(self.url, json=body, headers={"access_token": token})
        except httpx.HTTPError as exc:
            raise ConnectionError(f"Zalo ZNS unreachable: {exc.__class__.__name__}") from exc
        if response.status_code != 200:
            raise ConnectionError(f"Zalo ZNS answered HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError as exc:
            raise ConnectionError("Zalo ZNS answered something that is not JSON") from exc
        if not isinstance(data, dict):
            raise ConnectionError("Zalo ZNS answered an unexpected document")
        return data


def _code(data: dict[str, object]) -> int:
    try:
        return int(str(data.get("error") or 0))
    except ValueError:
        return -1


def zns_sender(hub: Hub) -> Sender | None:
    bot = hub.settings.of(BotSettings)
    if not (configured(hub.settings) and bot.zalo_zns_template_id):
        return None
    return ZnsSender(client_for(hub), bot.zalo_zns_url, bot.zalo_zns_template_id)
