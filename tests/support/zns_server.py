"""A loopback Zalo ZNS API (template messages to a phone number), after Zalo's public document as
summarised in ../shared/reference/zalo.md: `POST /message/template` with the OA's `access_token`
header and JSON `{phone, template_id, template_data, tracking_id}`; errors as HTTP 200 with a
non-zero `error`; success `{error: 0, message, data: {msg_id, sent_time, quota}}`.

It checks what the real service checks: the token (shared with the loopback OA API: -124), the
phone in international form without "+" (-108), an approved template (-1xx as `TEMPLATE_ERROR`),
every parameter of the template present and within its length (-111), the daily quota (-1xx as
`QUOTA_ERROR`), and numbers that are not on Zalo (`unknown_phones` → -118). A repeated
`tracking_id` is accepted once (as `sent` shows).
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from tests.support.loopback import Loopback
from tests.support.zalo_server import ZaloServer

TEMPLATE_ID = "301234"
TEMPLATE = {"ma_phan_anh": 30, "noi_dung": 200}  # parameter → maximum length
PHONE_RE = re.compile(r"^84\d{9,10}$")
TOKEN_ERROR = -124
PHONE_ERROR = -108
PARAM_ERROR = -111
NOT_ON_ZALO = -118
TEMPLATE_ERROR = -131
QUOTA_ERROR = -135


class ZnsServer(Loopback):
    def __init__(self, oa: ZaloServer, *, quota: int = 500) -> None:
        super().__init__()
        self.oa = oa
        self.quota = quota
        self.sent: list[dict[str, Any]] = []
        self.unknown_phones: set[str] = set()
        self.tracking: dict[str, str] = {}
        self.failing = 0  # the next N requests answer HTTP 502

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: bytes):
        if method != "POST" or path != "/message/template":
            return 404, {"error": 404, "message": "not found"}, {}
        with self.lock:
            if self.failing > 0:
                self.failing -= 1
                return 502, b"Bad Gateway", {"Content-Type": "text/plain"}
        token = {k.lower(): v for k, v in headers.items()}.get("access_token")
        if token not in self.oa.access_tokens:
            return 200, {"error": TOKEN_ERROR, "message": "Invalid access token"}, {}
        try:
            data = json.loads(body)
        except ValueError:
            return 200, {"error": PARAM_ERROR, "message": "Invalid body"}, {}
        phone = str(data.get("phone", ""))
        if not PHONE_RE.match(phone):
            return 200, {"error": PHONE_ERROR, "message": "Phone number is invalid"}, {}
        if str(data.get("template_id", "")) != TEMPLATE_ID:
            return 200, {"error": TEMPLATE_ERROR, "message": "Template is not approved"}, {}
        params = data.get("template_data") or {}
        for name, limit in TEMPLATE.items():
            value = params.get(name)
            if not isinstance(value, str) or not value or len(value) > limit:
                return 200, {"error": PARAM_ERROR, "message": f"Invalid parameter {name}"}, {}
        if phone in self.unknown_phones:
            return 200, {"error": NOT_ON_ZALO, "message": "Zalo account does not exist"}, {}
        with self.lock:
            tracking = str(data.get("tracking_id", ""))
            if tracking and tracking in self.tracking:
                msg_id = self.tracking[tracking]
            else:
                if self.quota <= 0:
                    return 200, {"error": QUOTA_ERROR, "message": "Out of quota"}, {}
                self.quota -= 1
                self.sent.append(data)
                msg_id = f"zns-{len(self.sent)}"
                if tracking:
                    self.tracking[tracking] = msg_id
            answer = {
                "msg_id": msg_id,
                "sent_time": str(int(time.time() * 1000)),
                "quota": {"dailyQuota": "500", "remainingQuota": str(self.quota)},
            }
        return 200, {"error": 0, "message": "Success", "data": answer}, {}
