"""The admin keeps the province's public holidays on a page; new cases' deadlines follow them, and a
deadline that runs into a year nobody entered warns the admin."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import text

from hub.kit.time import VN_TZ, local, utcnow
from tests.support.feedback import file_direct, file_web
from tests.support.web import post_form, text_of

PAGE = "/quan-tri/ngay-nghi-le"
ADMIN = ("admin", "admin-password-1")


def _due(client, headers: dict[str, str], code: str) -> date:
    response = client.get(f"/api/v1/feedback/{code}", headers=headers)
    assert response.status_code == 200, response.text
    return local(datetime.fromisoformat(response.json()["due_at"])).date()


def _add(admin, day: date, name: str):
    return post_form(admin, PAGE, f"{PAGE}/them", {"day": day.isoformat(), "name": name})


def test_an_admin_adds_a_holiday_and_the_next_case_is_due_a_working_day_later(browser, client, login, hub):
    headers = login("duyet.eakao")
    first = file_web(client, "Đèn đường trước trường học bị hỏng.", category="infrastructure").json()["code"]
    due = _due(client, headers, first)

    admin = browser(*ADMIN)
    added = _add(admin, due, "Nghỉ bù theo thông báo của tỉnh")
    assert added.status_code == 200 and f"Đã thêm ngày nghỉ {due:%d/%m/%Y}" in text_of(added.text)
    assert "Nghỉ bù theo thông báo của tỉnh" in text_of(admin.get(PAGE, params={"nam": due.year}).text)
    again = _add(admin, due, "Trùng")
    assert again.status_code == 409 and "đã là ngày nghỉ" in text_of(again.text)
    for day, name in ((f"31/02/{due.year}", "Không có ngày này"), ("1/1/99999999999999999999", "Quá xa"), ("", "x")):
        bad = post_form(admin, PAGE, f"{PAGE}/them", {"day": day, "name": name})
        assert bad.status_code == 422 and "Ngày không hợp lệ" in text_of(bad.text)
    unnamed = post_form(admin, PAGE, f"{PAGE}/them", {"day": due.isoformat(), "name": "  "})
    assert unnamed.status_code == 422 and "Hãy nhập tên ngày nghỉ" in text_of(unnamed.text)

    second = file_web(client, "Ổ gà lớn trên đường vào buôn.", category="infrastructure").json()["code"]
    moved = _due(client, headers, second)
    assert moved > due and moved.isoweekday() < 6  # the holiday does not count; the deadline is a working day

    log = text_of(admin.get("/quan-tri/nhat-ky", params={"entity_type": "public_holiday"}).text)
    assert "Thêm ngày nghỉ lễ" in log and due.isoformat() in log

    removed = post_form(admin, PAGE, f"{PAGE}/xoa/{due.isoformat()}", {})
    assert f"Đã bỏ ngày nghỉ {due:%d/%m/%Y}" in text_of(removed.text)
    assert f'action="{PAGE}/xoa/{due.isoformat()}"' not in removed.text  # no longer listed


def test_only_the_province_admin_sees_and_edits_the_holidays(browser):
    for official in ("duyet.tinh", "bientap.eakao"):
        page = browser(official)
        assert page.get(PAGE).status_code == 403
        assert "Ngày nghỉ lễ" not in text_of(page.get("/quan-tri/").text)
        day = local(utcnow()).date().isoformat()
        refused = post_form(page, "/quan-tri/", f"{PAGE}/them", {"day": day, "name": "Nghỉ"})
        assert refused.status_code == 403 and "vai trò “Quản trị”" in text_of(refused.text)
    admin = browser(*ADMIN)
    assert admin.get(PAGE).status_code == 200
    assert "Ngày nghỉ lễ" in text_of(admin.get("/quan-tri/").text)


def test_a_deadline_past_the_last_known_year_warns_the_admin(browser, hub, caplog):
    admin = browser(*ADMIN)
    today = local(utcnow()).date()
    # Every year up to next year is known (adding what the shipped calendar lacks, years from now), so
    # only the late case below runs into an unknown year.
    with hub.database.uow() as uow:
        last = date.fromisoformat(str(uow.session.execute(text("SELECT max(day) FROM public_holiday")).scalar())).year
    for year in range(last + 1, today.year + 2):
        _add(admin, date(year, 1, 1), "Tết Dương lịch")
    last = max(last, today.year + 1)
    warning = f"Chưa có lịch nghỉ lễ năm {last + 1}; hạn xử lý được tính chỉ theo thứ Bảy, Chủ nhật."
    assert warning not in text_of(admin.get(PAGE).text)
    assert warning not in text_of(admin.get("/quan-tri/").text)

    late = datetime.combine(date(last, 12, 31) - timedelta(days=1), time(10, 0), tzinfo=VN_TZ)
    file_direct(
        hub, "zalo", "zalo-late-in-the-year", "Cầu tràn bị sạt lở một bên.", category="infrastructure", now=late
    )

    assert warning in text_of(admin.get(PAGE).text)
    assert warning in text_of(admin.get("/quan-tri/").text)
    assert any(warning in r.getMessage() for r in caplog.records)
    assert warning not in text_of(browser("duyet.tinh").get("/quan-tri/").text)  # the admin's business

    _add(admin, date(last + 1, 1, 1), "Tết Dương lịch")
    assert warning not in text_of(admin.get(PAGE).text)
