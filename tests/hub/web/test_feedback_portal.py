"""Citizens file feedback from a commune's page and check it by its code: stored before the code is
shown, personal data only with consent, photos checked, the answer only on the phone that filed it."""

import io
import re

from PIL import Image

from hub.feedback.settings import FeedbackSettings
from tests.support.feedback import EA_KAO
from tests.support.images import png
from tests.support.web import text_of, token_of

PNG = png()


def filed_code(response) -> str:
    found = re.search(r"Mã phản ánh: <strong class=\"code\">(PA-\d{4}-\d{6})</strong>", response.text)
    assert found, text_of(response.text)[:600]
    return found.group(1)


def file(citizen, data: dict, files=None, commune: str = EA_KAO):
    form = citizen.get("/phan-anh", params={"xa": commune})
    return citizen.post("/phan-anh", data={"csrf_token": token_of(form.text), "xa": commune, **data}, files=files)


def test_the_communes_page_offers_filing_checking_and_the_chat(browser):
    citizen = browser()
    commune = citizen.get(f"/xa/{EA_KAO}").text
    assert f'href="/phan-anh?xa={EA_KAO}"' in commune and 'href="/tra-cuu"' in commune
    for path in (f"/phan-anh?xa={EA_KAO}", "/tra-cuu"):
        page = citizen.get(path).text
        assert ">Hỏi đáp</button>" in page  # the web chat widget
    form = text_of(citizen.get("/phan-anh", params={"xa": EA_KAO}).text)
    assert "Gửi phản ánh, kiến nghị tới Phường Ea Kao" in form and "Buôn Ea Kao" in form  # its villages


def test_a_citizen_files_sees_the_code_and_the_official_gets_the_case(browser, client, login):
    citizen = browser()
    done = file(
        citizen,
        {
            "text": "Cây đổ chắn ngang đường vào Buôn Ea Kao sau trận gió tối qua.",
            "thon": f"{EA_KAO}-001",
            "address": "gần nhà văn hóa buôn",
            "category": "infrastructure",
            "name": "H'Hen Niê",
            "phone": "0905111222",
            "consent": "1",
        },
    )
    assert done.status_code == 200 and done.url.path.startswith("/tra-cuu/")
    code = filed_code(done)
    assert "Đã tiếp nhận phản ánh của bạn." in text_of(done.text) and "Đã tiếp nhận" in text_of(done.text)
    case = client.get(f"/api/v1/feedback/{code}", headers=login("duyet.eakao")).json()
    assert case["channel"] == "web" and case["area"]["code"] == f"{EA_KAO}-001"
    assert case["address"] == "gần nhà văn hóa buôn" and case["category"] == "infrastructure"
    assert case["contact"]["name"] == "H'Hen Niê" and case["contact"]["phone"] == "0905111222"
    assert code in browser("bientap.eakao").get("/quan-tri/phan-anh").text


def test_without_consent_no_name_or_phone_is_kept(browser, client, login):
    done = file(browser(), {"text": "Rác ùn ứ ở chợ Ea Kao.", "name": "Nguyễn Văn A", "phone": "0905333444"})
    case = client.get(f"/api/v1/feedback/{filed_code(done)}", headers=login("duyet.eakao")).json()
    assert case["contact"]["name"] == "" and case["contact"]["phone"] is None


def test_an_empty_form_is_refused_and_what_was_typed_stays(browser):
    refused = file(browser(), {"text": "  ", "name": "Trần Thị B"})
    assert refused.status_code == 422
    assert "Chưa gửi được." in text_of(refused.text) and 'value="Trần Thị B"' in refused.text


def test_the_form_needs_its_csrf_token(browser, client, login):
    before = client.get("/api/v1/feedback", headers=login("duyet.tinh")).json()["total"]
    citizen = browser()
    refused = citizen.post("/phan-anh", data={"text": "Đường hỏng", "xa": EA_KAO})
    assert refused.status_code == 403 and "Biểu mẫu đã quá hạn" in text_of(refused.text)
    assert client.get("/api/v1/feedback", headers=login("duyet.tinh")).json()["total"] == before


def test_a_photo_is_kept_and_shown_to_officials_and_other_files_are_refused(browser, client, login, settings):
    citizen = browser()
    done = file(citizen, {"text": "Ổ gà lớn trước cổng trường."}, files=[("photos", ("o-ga.png", PNG, "image/png"))])
    code = filed_code(done)
    official = browser("bientap.eakao")
    page = official.get(f"/quan-tri/phan-anh/{code}").text
    photo = re.search(r'<img class="photo" src="(/quan-tri/phan-anh/anh/\d+)"', page).group(1)
    assert Image.open(io.BytesIO(official.get(photo).content)).size == Image.open(io.BytesIO(PNG)).size
    assert browser("bientap.cumgar").get(photo).status_code == 403  # another commune's case
    assert citizen.get(photo).status_code in (200, 303) and citizen.get(photo).url.path == "/quan-tri/dang-nhap"
    fake = file(citizen, {"text": "Ảnh giả"}, files=[("photos", ("x.png", b"<svg onload=alert(1)>", "image/png"))])
    assert fake.status_code == 422 and "không phải ảnh" in text_of(fake.text)
    limit = settings.of(FeedbackSettings).feedback_max_image_bytes
    big = PNG + b"\x00" * (4 * limit + 1)  # past what scaling down can help
    large = file(citizen, {"text": "Ảnh lớn"}, files=[("photos", ("lon.png", big, "image/png"))])
    assert large.status_code == 413 and "lớn quá" in text_of(large.text)


def test_checking_by_code_shows_the_status_the_answer_only_to_the_phone_that_filed(browser, client, login):
    citizen, stranger = browser(), browser()
    code = filed_code(file(citizen, {"text": "Đèn tín hiệu ngã tư hỏng.", "name": "Lê C", "consent": "1"}))
    answer = "Đã sửa đèn tín hiệu ngã tư sáng nay."
    official = login("duyet.eakao")
    client.post(f"/api/v1/feedback/{code}/answer", json={"text": answer}, headers=official)
    mine = text_of(citizen.get(f"/tra-cuu/{code}").text)
    assert "Đã trả lời" in mine and answer in mine
    second = filed_code(file(citizen, {"text": "Biển báo giao thông bị đổ."}))
    filed_here = text_of(citizen.get("/tra-cuu").text)  # "filed from this phone"
    assert code in filed_here and second in filed_here
    assert answer in text_of(citizen.get(f"/tra-cuu/{code}").text)  # still recognised after another filing
    found = stranger.get("/tra-cuu", params={"ma": code.split("-")[-1].lstrip("0")})  # "12" works too
    theirs = text_of(found.text)
    assert found.url.path == f"/tra-cuu/{code}" and "Đã trả lời" in theirs
    for private in (answer, "Đèn tín hiệu ngã tư hỏng.", "Lê C"):
        assert private not in theirs
    missing = stranger.get("/tra-cuu", params={"ma": "PA-2026-999999"})
    assert missing.status_code == 404 and "Không tìm thấy phản ánh mã" in text_of(missing.text)
