"""Photos citizens send in chat, kept like the portal's: fetched, checked by the same Pillow checks
(`hub.feedback.intake.images`: decoded for real, rewritten without EXIF, size and pixel limits) and
stored by content hash before the dialogue sees them.

An inbound message names its photos by reference: a Zalo image URL (`https://…zdn.vn/…`) or a
Telegram file (`telegram:<file_id>`, fetched with getFile). After `keep_images` each is either
`kept:<ref>` (in the attachment store) or, when a Zalo URL could not be fetched for a transient
reason, the URL itself (kept as a link, as before). A file that is not an acceptable photo is
dropped (and logged); the form's summary counts only the photos kept.

Zalo URLs are fetched only from the hosts in `chat_media_hosts` (Zalo's CDNs), with a timeout, at
most `feedback_max_image_bytes × 4` bytes read, and only an `image/*` answer accepted.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from urllib.parse import urlsplit

import httpx

from bot.model import KEPT_IMAGE as KEPT
from bot.model import Inbound
from bot.settings import BotSettings
from hub.context import Hub
from hub.feedback.config import feedback_config
from hub.feedback.intake.attachments import AttachmentStore, Upload, check_image
from hub.feedback.intake.images import RAW_FACTOR
from hub.kit.errors import InvalidInput, PayloadTooLarge

log = logging.getLogger(__name__)
TELEGRAM = "telegram:"
MAX_REDIRECTS = 3


class NotAnImage(Exception):
    """What was fetched is not a photo we accept (type, size): dropped, not retried."""


REFUSED = "Ảnh bà con gửi không dùng được ({why}). Bà con chụp lại hoặc gửi ảnh khác nhé."


def keep_images(hub: Hub, inbound: Inbound, refused: list[str] | None = None) -> Inbound:
    """The inbound message with its photos fetched, checked and stored (see the module's text); why
    each dropped photo was refused is appended to `refused` (Vietnamese, for the citizen)."""
    refused = refused if refused is not None else []
    if not inbound.images or all(ref.startswith(KEPT) for ref in inbound.images):
        return inbound
    config = feedback_config(hub)
    store = AttachmentStore.from_settings(hub.settings)
    limit = config.max_image_bytes * RAW_FACTOR
    kept: list[str] = []
    for ref in inbound.images[: config.max_attachments]:
        if ref.startswith(KEPT):
            kept.append(ref)
            continue
        try:
            if ref.startswith(TELEGRAM):
                from bot.channels.telegram import client_for  # the Telegram client only when one is needed

                data = client_for(hub).fetch_file(ref[len(TELEGRAM) :], limit)
                name = "ảnh Telegram"
            else:
                data = fetch_url(hub, ref, limit)
                name = "ảnh Zalo"
            image = check_image(Upload(data, name), config.max_image_bytes)
        except NotAnImage as exc:
            log.info("chat: a photo from %s was not kept: %s", inbound.channel, exc)
            refused.append("không phải ảnh hoặc quá lớn")
            continue
        except (InvalidInput, PayloadTooLarge) as exc:
            log.info("chat: a photo from %s was not kept: %s", inbound.channel, exc)
            refused.append("tệp hỏng, không phải ảnh hoặc quá lớn")
            continue
        except ConnectionError as exc:
            if ref.startswith(("http://", "https://")):
                log.warning("chat: photo %s not fetched now (%s); kept as a link", ref, exc)
                kept.append(ref)
                continue
            raise  # a Telegram file: the message's job tries again
        stored, _digest = store.save(image)
        kept.append(KEPT + stored)
    return replace(inbound, images=tuple(kept))


def allowed_host(hub: Hub, url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return False
    hosts = [h.strip().lower() for h in hub.settings.of(BotSettings).chat_media_hosts.split(",") if h.strip()]
    return any(host == h or host.endswith("." + h) for h in hosts)


def fetch_url(hub: Hub, url: str, limit: int) -> bytes:
    """The bytes of a photo a channel gave by URL; `NotAnImage` for a refusal, `ConnectionError` for
    what may work later (timeouts, 5xx)."""
    timeout = hub.settings.of(BotSettings).zalo_timeout_seconds
    with httpx.Client(timeout=timeout, follow_redirects=False) as http:
        for _ in range(MAX_REDIRECTS + 1):
            if not allowed_host(hub, url):
                raise NotAnImage(f"host not allowed: {urlsplit(url).hostname}")
            try:
                with http.stream("GET", url) as response:
                    if response.is_redirect and response.headers.get("location"):
                        url = str(response.url.join(response.headers["location"]))
                        continue
                    return _body(response, limit)
            except httpx.HTTPError as exc:
                raise ConnectionError(f"{exc.__class__.__name__}: {exc}") from exc
    raise NotAnImage("too many redirects")


def _body(response: httpx.Response, limit: int) -> bytes:
    if response.status_code >= 500 or response.status_code == 429:
        raise ConnectionError(f"HTTP {response.status_code}")
    if response.status_code != 200:
        raise NotAnImage(f"HTTP {response.status_code}")
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not kind.startswith("image/"):
        raise NotAnImage(f"not an image ({kind or 'no type'})")
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise NotAnImage(f"too large ({declared} bytes)")
    data = bytearray()
    for chunk in response.iter_bytes():
        data += chunk
        if len(data) > limit:
            raise NotAnImage(f"too large (over {limit} bytes)")
    return bytes(data)
