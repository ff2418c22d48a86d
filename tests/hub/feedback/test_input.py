"""Bad input from citizens gets a Vietnamese message they can act on, and they can try again; a
flood from one sender is limited without losing what came first; a repeat is not a second case."""

import io

from PIL import Image

from tests.support.feedback import EA_KAO, drain, file_direct, file_web
from tests.support.images import png

PNG = png()
PDF = b"%PDF-1.7\n" + b"0" * 64


def test_empty_text_is_refused_and_the_citizen_can_try_again(client):
    empty = file_web(client, "   ")
    assert empty.status_code == 422
    assert empty.json()["detail"].startswith("Nội dung phản ánh không được để trống")
    assert file_web(client, "Đèn đường hỏng.").status_code == 201


def test_oversized_text_says_the_limit_and_what_was_sent(client):
    response = file_web(client, "a" * 5001)
    assert response.status_code == 422
    assert "5000 ký tự (bạn đã gửi 5001)" in response.json()["detail"]


def test_an_unknown_area_is_named_in_the_refusal(client):
    response = file_web(client, "Đường hỏng.", area_code="99999")
    assert response.status_code == 422
    assert "“99999”" in response.json()["detail"] and "chọn lại địa bàn" in response.json()["detail"]


def test_an_unknown_category_lists_the_right_ones(client):
    response = file_web(client, "Đường hỏng.", category="roads")
    assert response.status_code == 422 and "Hạ tầng, giao thông, điện, nước" in response.json()["detail"]


def test_without_an_area_the_case_goes_to_the_province_and_the_next_one_uses_the_remembered_commune(client):
    first = file_web(client, "Không rõ địa bàn.", area_code=None).json()
    assert first["unit_name"] == "UBND Tỉnh Đắk Lắk"
    sender = first["sender"]
    file_web(client, "Ở Ea Kao có ổ gà lớn.", area_code=EA_KAO, sender=sender)
    later = file_web(client, "Lại ngập nước ở chỗ cũ.", area_code=None, sender=sender).json()
    assert later["unit_name"] == "UBND Phường Ea Kao"


def test_a_photo_is_kept_and_a_file_that_is_not_an_image_is_refused_by_its_content(client, login, settings):
    bad = client.post(
        "/api/v1/public/feedback",
        data={"text": "Ảnh hiện trường", "area_code": EA_KAO},
        files=[("photos", ("anh.jpg", PDF, "image/jpeg"))],  # named and declared as an image, but a PDF
    )
    assert bad.status_code == 422
    assert bad.json()["detail"] == "“anh.jpg” không phải ảnh. Chỉ nhận ảnh JPEG, PNG, GIF hoặc WebP."
    good = client.post(
        "/api/v1/public/feedback",
        data={"text": "Ảnh hiện trường", "area_code": EA_KAO},
        files=[("photos", ("hien-truong.png", PNG, "image/png"))],
    )
    assert good.status_code == 201, good.text
    case = client.get(f"/api/v1/feedback/{good.json()['code']}", headers=login("bientap.eakao")).json()
    [photo] = case["attachments"]
    assert photo["media_type"] == "image/png"
    kept = client.get(photo["url"], headers=login("bientap.eakao")).content
    assert len(kept) == photo["size"] and Image.open(io.BytesIO(kept)).size == (64, 48)
    assert client.get(photo["url"], headers=login("bientap.cumgar")).status_code == 403


def test_an_image_too_large_even_to_scale_down_is_413(client, make_settings):
    big = b"\xff\xd8\xff" + b"\x00" * (20 * 1024 * 1024)
    response = client.post(
        "/api/v1/public/feedback",
        data={"text": "Ảnh lớn", "area_code": EA_KAO},
        files=[("photos", ("lon.jpg", big, "image/jpeg"))],
    )
    assert response.status_code == 413 and "lớn quá 20 MB" in response.json()["detail"]


def test_a_category_that_needs_a_name_refuses_anonymous_feedback(client):
    anonymous = file_web(client, "Thủ tục cấp giấy phép xây dựng quá rườm rà.", category="administrative_procedure")
    assert anonymous.status_code == 422 and "họ tên và số điện thoại" in anonymous.json()["detail"]
    named = file_web(
        client,
        "Thủ tục cấp giấy phép xây dựng quá rườm rà.",
        category="administrative_procedure",
        name="Trần Thị Mai",
        phone="0905 123 456",
        consent="true",
    )
    assert named.status_code == 201, named.text


def test_a_repeat_of_the_same_feedback_gives_the_same_code(client):
    first = file_web(client, "Cột đèn số 7 bị nghiêng.").json()
    again = file_web(client, "Cột đèn số 7 bị nghiêng.", sender=first["sender"])
    assert again.status_code == 201
    assert again.json()["code"] == first["code"] and again.json()["repeated"] is True


def test_a_flood_from_one_sender_is_limited_and_every_message_before_it_is_kept(client, hub, login):
    first = file_web(client, "Phản ánh số 1: nước sinh hoạt bị đục.").json()
    sender = first["sender"]
    codes = [first["code"]]
    for n in range(2, 6):
        codes.append(file_web(client, f"Phản ánh số {n}: nước sinh hoạt bị đục.", sender=sender).json()["code"])
    flooded = file_web(client, "Phản ánh số 6: nước sinh hoạt bị đục.", sender=sender)
    assert flooded.status_code == 429
    assert "vẫn được giữ và xử lý" in flooded.json()["detail"]
    assert int(flooded.headers["Retry-After"]) > 0
    editor = login("bientap.eakao")
    for code in codes:
        assert client.get(f"/api/v1/feedback/{code}", headers=editor).status_code == 200
    # another citizen is not affected
    assert file_web(client, "Người khác: nước sinh hoạt bị đục.").status_code == 201


def test_a_flood_from_one_address_is_limited_too(client, make_settings):
    from fastapi.testclient import TestClient

    from hub.app import create_app
    from hub.bootstrap import build_hub

    settings = make_settings(feedback_rate_per_source=3)
    with TestClient(create_app(settings, hub=build_hub(settings))) as limited:
        accepted = [file_web(limited, f"Ý kiến số {n} về chợ.").status_code for n in range(3)]
        assert accepted == [201, 201, 201]
        assert file_web(limited, "Ý kiến số 4 về chợ.").status_code == 429


def test_the_hotline_files_a_recording_even_when_speech_was_not_recognised(client, hub, login):
    code = file_direct(
        hub, "ivr", "+84 912 000 111", "", audio_ref="recordings/2026/call-17.wav", transcript="", incomplete=True
    )
    drain(hub)
    case = client.get(f"/api/v1/feedback/{code}", headers=login("duyet.eakao")).json()
    assert case["audio_ref"] == "recordings/2026/call-17.wav" and case["incomplete"] is True
    assert case["contact"]["phone"] == "0912000111" and case["channel_label"] == "Đường dây nóng"


def test_text_without_words_is_refused_with_a_clear_message(client):
    for text in ("😡😡😡", "👍", "!!! ??? ...", "🙏 🏚️ 🌧️"):
        refused = file_web(client, text)
        assert refused.status_code == 422, text
        answer = refused.json()
        assert answer["code"] == "text_without_words" and answer["detail"].startswith("Nội dung phản ánh cần có chữ")
    assert file_web(client, "Ngập 😡 ở Buôn Ea Kao").status_code == 201
    assert file_web(client, "Số 3").status_code == 201


def test_a_photo_with_no_words_or_no_text_is_still_filed(client):
    for text in ("📷", ""):
        filed = client.post(
            "/api/v1/public/feedback",
            data={"text": text, "area_code": EA_KAO},
            files=[("photos", ("hien-truong.png", png(), "image/png"))],
        )
        assert filed.status_code == 201, filed.text
