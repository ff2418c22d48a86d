"""Citizens' photos, decoded for real and written anew before they are kept.

A file is an image only if Pillow decodes all of it and nothing follows the image's own end: a
JPEG with a ZIP or a page appended, a GIF that is also HTML, a valid header followed by garbage are
refused. Its pixel count is checked from the header before any pixel is decoded (a 20000×20000 PNG
would take gigabytes), and `Image.MAX_IMAGE_PIXELS` guards Pillow's other entry points. What we keep
is a new file: orientation applied, EXIF (camera, time, GPS) dropped — the GPS position kept only
when the citizen agreed to share where the photo was taken — and a phone's photo over the size limit
scaled down until it fits instead of being refused.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
from dataclasses import dataclass

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from hub.kit.errors import InvalidInput, PayloadTooLarge

MAX_PIXELS = 50_000_000  # a 50-megapixel phone camera; 20000×20000 is eight times more
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow refuses bigger images itself, wherever they are opened
RAW_FACTOR = 4  # a photo up to 4× the size limit is scaled down to fit; beyond that it is refused
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "GIF": ("image/gif", "gif"),
           "WEBP": ("image/webp", "webp")}  # fmt: skip
_MARKUP = re.compile(rb"<(?:!doctype|html|script|svg|body|iframe|\?php)", re.I)
_GPS = ExifTags.IFD.GPSInfo


@dataclass(frozen=True)
class Normalised:
    data: bytes
    media_type: str
    extension: str
    width: int
    height: int


def _refuse(name: str, why: str) -> InvalidInput:
    return InvalidInput(f"“{name}” không phải ảnh hợp lệ ({why}). Vui lòng chụp hoặc chọn lại ảnh.",
                        code="attachment_invalid", field="attachments")  # fmt: skip


def normalise(data: bytes, name: str, max_bytes: int, *, keep_location: bool = False) -> Normalised:
    if len(data) > max_bytes * RAW_FACTOR:
        raise PayloadTooLarge(
            f"Ảnh “{name}” lớn quá {max_bytes * RAW_FACTOR / (1024 * 1024):g} MB. Vui lòng gửi ảnh nhỏ hơn.",
            code="attachment_too_large",
            limit_bytes=max_bytes * RAW_FACTOR,
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _too_many_pixels(name, width, height)
            fmt = image.format or ""
            image.load()  # decodes every pixel: a truncated file or garbage after a header fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(name, 0, 0) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error, EOFError) as exc:
        raise _refuse(name, "tệp hỏng hoặc không đúng định dạng ảnh") from exc
    end = _end_of(fmt, data)
    if end is None or data[end:].strip(b"\x00\r\n\t ") or _MARKUP.search(data):
        raise _refuse(name, "có nội dung khác lẫn vào sau hoặc trong ảnh")
    return _rewrite(image, fmt, max_bytes, keep_location, name)


def _too_many_pixels(name: str, width: int, height: int) -> InvalidInput:
    size = f" {width}×{height} điểm ảnh" if width else ""
    return InvalidInput(
        f"Ảnh “{name}” quá lớn{size} (tối đa {MAX_PIXELS // 1_000_000} triệu điểm ảnh). "
        "Vui lòng gửi ảnh chụp bằng điện thoại hoặc ảnh nhỏ hơn.",
        code="attachment_too_many_pixels",
        field="attachments",
    )


def _rewrite(image: Image.Image, fmt: str, max_bytes: int, keep_location: bool, name: str) -> Normalised:
    exif = Image.Exif()
    if keep_location:
        gps = image.getexif().get_ifd(_GPS)
        if gps:
            exif[_GPS] = dict(gps)
    picture = ImageOps.exif_transpose(image)  # the orientation tag goes with the rest of EXIF
    out_format = "PNG" if fmt == "GIF" else fmt  # the first frame of a GIF, as a still PNG
    if out_format == "JPEG":
        picture = picture.convert("RGB")
    elif picture.mode not in ("RGB", "RGBA", "L", "LA"):
        picture = picture.convert("RGBA")
    scale = 1.0
    for _ in range(8):
        current = picture
        if scale < 1.0:
            size = (max(1, int(picture.width * scale)), max(1, int(picture.height * scale)))
            current = picture.resize(size, Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        options: dict[str, object] = {"exif": exif} if len(exif) else {}
        if out_format == "JPEG":
            options.update(quality=85, optimize=True)
        elif out_format == "WEBP":
            options.update(quality=85)
        else:
            options.update(optimize=True)
        current.save(buffer, out_format, **options)
        encoded = buffer.getvalue()
        if len(encoded) <= max_bytes:
            media_type, extension = FORMATS[out_format]
            return Normalised(encoded, media_type, extension, current.width, current.height)
        scale *= min(0.9, (max_bytes / len(encoded)) ** 0.5 * 0.95)
    raise PayloadTooLarge(
        f"Ảnh “{name}” vẫn lớn quá {max_bytes / (1024 * 1024):g} MB sau khi thu nhỏ. Vui lòng gửi ảnh khác.",
        code="attachment_too_large",
        limit_bytes=max_bytes,
    )


def _end_of(fmt: str, data: bytes) -> int | None:
    """Where the image's own bytes end (the rest is something else), None if its structure is broken."""
    try:
        return {"JPEG": _jpeg_end, "PNG": _png_end, "GIF": _gif_end, "WEBP": _webp_end}[fmt](data)
    except (IndexError, struct.error, KeyError):
        return None


def _jpeg_end(data: bytes) -> int | None:
    i = 2  # after SOI
    while i < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xD9:  # EOI
            return i + 2
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        i += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            while True:
                i = data.index(b"\xff", i)
                following = data[i + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    i += 1 if following == 0xFF else 2
                    continue
                break
    return None


def _png_end(data: bytes) -> int | None:
    i = 8
    while i + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[i : i + 8])
        i += 12 + length
        if kind == b"IEND":
            return i if i <= len(data) else None
    return None


def _gif_end(data: bytes) -> int | None:
    flags = data[10]
    i = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    while i < len(data):
        block = data[i]
        if block == 0x3B:  # trailer
            return i + 1
        if block == 0x21:  # extension: label, then sub-blocks
            i = _sub_blocks(data, i + 2)
        elif block == 0x2C:  # image descriptor, local colour table, LZW code size, sub-blocks
            flags = data[i + 9]
            i += 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
            i = _sub_blocks(data, i + 1)
        else:
            return None
    return None


def _sub_blocks(data: bytes, i: int) -> int:
    while data[i] != 0:
        i += 1 + data[i]
    return i + 1


def _webp_end(data: bytes) -> int | None:
    size = struct.unpack("<I", data[4:8])[0]
    return 8 + size + (size & 1)
