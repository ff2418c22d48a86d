"""Citizens' photos are decoded for real and kept as a new file: no EXIF, no GPS unless the citizen
shares the location, no decompression bombs, no polyglots, large phone photos scaled down."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image

from tests.support.feedback import EA_KAO
from tests.support.images import GPS, exif_of, gif, gps_of, huge_png, jpeg, png


def file_photo(client, data: bytes, name: str = "anh.jpg", **fields: str):
    return client.post(
        "/api/v1/public/feedback",
        data={"text": "Ống nước vỡ trước cổng trường.", "area_code": EA_KAO, **fields},
        files=[("photos", (name, data, "image/jpeg"))],
    )


def stored_photo(client, login, filed) -> bytes:
    assert filed.status_code == 201, filed.text
    editor = login("bientap.eakao")
    [photo] = client.get(f"/api/v1/feedback/{filed.json()['code']}", headers=editor).json()["attachments"]
    response = client.get(photo["url"], headers=editor)
    assert response.status_code == 200
    assert len(response.content) == photo["size"]
    return response.content


def test_the_gps_position_and_camera_data_are_stripped_unless_the_citizen_shares_the_location(client, login):
    sent = jpeg(gps=True)
    assert gps_of(sent)  # the phone wrote where the photo was taken
    kept = stored_photo(client, login, file_photo(client, sent))
    assert gps_of(kept) == {} and exif_of(kept) == {}
    assert Image.open(io.BytesIO(kept)).size == (320, 240)
    shared = stored_photo(client, login, file_photo(client, jpeg(gps=True, quality=80), share_location="true"))
    assert set(gps_of(shared)) == set(GPS) and gps_of(shared)[2] == (12.0, 40.0, 48.0)


def test_a_decompression_bomb_is_refused_with_the_pixel_limit(client):
    answer = file_photo(client, huge_png(), name="bom.png")
    assert answer.status_code == 422, answer.text
    assert "quá lớn" in answer.json()["detail"] and "triệu điểm ảnh" in answer.json()["detail"]


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("virus.exe", b"MZ" + b"\x00" * 100)
    return out.getvalue()


def _comment(text: bytes) -> bytes:
    """A GIF comment extension: the image stays a valid GIF, and a browser sniffing it finds a page."""
    return b"\x21\xfe" + bytes([len(text)]) + text + b"\x00"


POLYGLOTS = {
    "jpeg-with-zip": lambda: jpeg() + _zip(),
    "jpeg-with-html": lambda: jpeg() + b"<html><script>alert(1)</script></html>",
    "gif-html": lambda: gif()[:-1] + _comment(b"<script>alert(document.cookie)</script>") + b"\x3b",
    "gif-with-page": lambda: gif() + b"<!doctype html><p>hi",
    "png-with-trailer": lambda: png() + b"PK\x03\x04 trailing archive",
    "png-header-then-garbage": lambda: png()[:40] + b"\x13\x37" * 500,
    "jpeg-cut-in-half": lambda: jpeg()[: len(jpeg()) // 2],
    "jpeg-header-only": lambda: b"\xff\xd8\xff\xe0" + b"\x00" * 2000,
}


@pytest.mark.parametrize("kind", list(POLYGLOTS))
def test_polyglots_and_files_that_only_start_like_an_image_are_refused(client, kind):
    answer = file_photo(client, POLYGLOTS[kind](), name=f"{kind}.jpg")
    assert answer.status_code == 422, answer.text
    assert "không phải ảnh hợp lệ" in answer.json()["detail"]


def test_a_phone_photo_over_the_size_limit_is_scaled_down_not_refused(make_settings, login):
    from fastapi.testclient import TestClient

    from hub.app import create_app
    from hub.bootstrap import build_hub

    settings = make_settings(feedback_max_image_bytes=300_000)
    built = build_hub(settings)
    try:
        with TestClient(create_app(settings, hub=built)) as client:
            photo = jpeg(800, 600, noisy=True, gps=True)
            assert 300_000 < len(photo) <= 4 * 300_000
            kept = stored_photo(client, lambda name: _login(client, name), file_photo(client, photo))
            assert len(kept) <= 300_000
            width, height = Image.open(io.BytesIO(kept)).size
            assert width < 800 and abs(width / height - 800 / 600) < 0.02
            assert gps_of(kept) == {}
            too_big = file_photo(client, b"\xff\xd8\xff" + b"\x00" * (4 * 300_000 + 1))
            assert too_big.status_code == 413 and "lớn quá" in too_big.json()["detail"]
    finally:
        built.close()


def _login(client, username: str) -> dict[str, str]:
    from tests.support.settings import DEMO_PASSWORD

    token = client.post("/api/v1/auth/token", data={"username": username, "password": DEMO_PASSWORD}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}
