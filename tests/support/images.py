"""Images made with Pillow at test time (no binary fixtures): a phone photo with GPS EXIF, PNGs of
any size, and the files that only pretend to be images."""

from __future__ import annotations

import io
import os

from PIL import ExifTags, Image

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (12.0, 40.0, 48.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (108.0, 2.0, 24.0),
}


def picture(width: int, height: int, *, noisy: bool = False) -> Image.Image:
    if noisy:  # a photo-like picture that does not compress (phone photos are large)
        return Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    image = Image.new("RGB", (width, height), (40, 120, 60))
    for x in range(0, width, max(1, width // 8)):
        image.paste((200, 30, 30), (x, 0, min(width, x + 3), height))
    return image


def jpeg(width: int = 320, height: int = 240, *, gps: bool = False, noisy: bool = False, quality: int = 90) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Điện thoại"
    exif[ExifTags.Base.Model] = "Máy ảnh"
    if gps:
        exif[ExifTags.IFD.GPSInfo] = GPS
    out = io.BytesIO()
    picture(width, height, noisy=noisy).save(out, "JPEG", exif=exif, quality=quality)
    return out.getvalue()


def png(width: int = 64, height: int = 48) -> bytes:
    out = io.BytesIO()
    picture(width, height).save(out, "PNG")
    return out.getvalue()


def gif(width: int = 32, height: int = 32) -> bytes:
    out = io.BytesIO()
    picture(width, height).convert("P").save(out, "GIF")
    return out.getvalue()


def huge_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A PNG whose header says width×height, compressed to a few hundred kilobytes (a decompression bomb)."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG", optimize=True)
    return out.getvalue()


def gps_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


def exif_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif())
