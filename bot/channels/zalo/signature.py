"""`X-ZEvent-Signature: mac=<hex>`: the SHA-256 (not an HMAC) of app id + raw body + timestamp + OA
secret key, the timestamp being the string in the JSON body. Some integrations put the OA id first;
both are accepted, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import logging

log = logging.getLogger(__name__)


def mac(first: str, body: bytes, timestamp: str, secret: str) -> str:
    return hashlib.sha256(first.encode() + body + timestamp.encode() + secret.encode()).hexdigest()


def verify(header: str, body: bytes, timestamp: str, secret: str, *, app_id: str, oa_id: str = "") -> bool:
    if not secret or not header:
        return False
    given = header.strip()
    given = given[4:] if given.lower().startswith("mac=") else given
    for name, first in (("app id", app_id), ("OA id", oa_id)):
        if first and hmac.compare_digest(given.lower().encode(), mac(first, body, timestamp, secret).encode()):
            log.debug("zalo: signature matched with the %s first", name)
            return True
    return False
