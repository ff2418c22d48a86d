"""Photos citizens attach to feedback: checked by their content (not by the name or the declared
type) — decoded and written anew, see `hub.feedback.intake.images` — limited in size, kept on disk by
content hash so the same photo sent twice is stored once.

Recordings from the hotline are referenced (`audio_ref`, a path or URL the hotline keeps); links
from civic applications (`media_url`) are stored as given and never fetched.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from pathlib import Path

from hub.config import Settings
from hub.feedback.intake import images
from hub.kit.errors import InvalidInput

# media type → (file extension, magic bytes at the start)
IMAGE_TYPES: dict[str, tuple[str, bytes]] = {
    "image/jpeg": ("jpg", b"\xff\xd8\xff"),
    "image/png": ("png", b"\x89PNG\r\n\x1a\n"),
    "image/gif": ("gif", b"GIF8"),
}
ALLOWED = "JPEG, PNG, GIF hoặc WebP"
URL_MAX = 500


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str = ""


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    media_type: str
    extension: str


def sniff(data: bytes) -> tuple[str, str] | None:
    """(media type, extension) of an image recognised by its first bytes."""
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    for media_type, (extension, magic) in IMAGE_TYPES.items():
        if data.startswith(magic):
            return media_type, extension
    return None


def check_image(upload: Upload, max_bytes: int, *, keep_location: bool = False) -> CheckedImage:
    """The image as we keep it: decoded, checked and written anew (`hub.feedback.intake.images`)."""
    name = upload.filename or "tệp đính kèm"
    if not upload.data:
        raise InvalidInput(f"“{name}” rỗng, không có nội dung.", code="attachment_empty", field="attachments")
    if sniff(upload.data) is None:
        raise InvalidInput(
            f"“{name}” không phải ảnh. Chỉ nhận ảnh {ALLOWED}.", code="attachment_type", field="attachments"
        )
    image = images.normalise(upload.data, name, max_bytes, keep_location=keep_location)
    return CheckedImage(image.data, image.media_type, image.extension)


def check_url(url: str, field: str = "media_url") -> str:
    url = (url or "").strip()
    if not url.lower().startswith(("http://", "https://")) or len(url) > URL_MAX or any(ch.isspace() for ch in url):
        raise InvalidInput(
            f"Địa chỉ “{url[:80]}” không hợp lệ (cần http:// hoặc https://, tối đa {URL_MAX} ký tự).",
            code="url_invalid",
            field=field,
        )
    return url


class AttachmentStore:
    """Files under one directory, named by the SHA-256 of their content."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def from_settings(cls, settings: Settings) -> AttachmentStore:
        return cls(settings.var_dir / "feedback")

    def save(self, image: CheckedImage) -> tuple[str, str]:
        """Write the image (once per content); returns its reference and its hash."""
        digest = hashlib.sha256(image.data).hexdigest()
        ref = f"{digest[:2]}/{digest}.{image.extension}"
        path = self.root / ref
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            tmp.write_bytes(image.data)
            tmp.replace(path)  # a crash leaves a .part file, never a half image under the real name
        return ref, digest

    def describe(self, ref: str) -> tuple[str, int, str, str]:
        """(media type, size, ref, sha256) of an image this store kept; `InvalidInput` if it is not one."""
        path = self.path(ref)
        media_type = next((t for t, (ext, _) in IMAGE_TYPES.items() if path.suffix == f".{ext}"), None)
        if path.suffix == ".webp":
            media_type = "image/webp"
        if media_type is None or not path.is_file():
            raise InvalidInput("Ảnh gửi kèm không còn được lưu. Vui lòng gửi lại ảnh.", code="attachment_missing")
        return media_type, path.stat().st_size, ref, path.stem

    def path(self, ref: str) -> Path:
        path = (self.root / ref).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError("attachment reference outside the store")
        return path

    def remove(self, ref: str) -> None:
        with contextlib.suppress(ValueError):
            self.path(ref).unlink(missing_ok=True)
