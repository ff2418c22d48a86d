"""The rules of feedback cases without storage: codes, working days, classification, similarity,
the workflow's possible moves, phone numbers."""

from datetime import UTC, date, datetime

import pytest

from hub.contacts.model import mask_phone, normalise_phone
from hub.feedback.deadlines.calendar import WorkingCalendar
from hub.feedback.model import Case, Classification, Status, format_code, parse_code
from hub.feedback.text import classify, features, similarity
from hub.kit.errors import Conflict, InvalidInput
from hub.kit.time import local


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("PA-2026-000123", "PA-2026-000123"),
        ("pa 2026 123", "PA-2026-000123"),
        ("2026000123", "PA-2026-000123"),  # keyed on a phone
        ("123", "PA-2026-000123"),  # this year's
        ("PA-2025-7", "PA-2025-000007"),
        ("abc", None),
        ("0", None),
    ],
)
def test_a_code_is_understood_however_it_is_typed_or_keyed(typed, code):
    assert parse_code(typed, 2026) == code


def test_a_code_reads_aloud_in_three_groups():
    assert format_code(2026, 123) == "PA-2026-000123"


TET_AND_MAY = {date(2026, 2, d) for d in range(16, 21)} | {date(2026, 4, 30), date(2026, 5, 1)}
CALENDAR = WorkingCalendar.parse("6,7").with_holidays(frozenset(TET_AND_MAY))


def test_deadlines_skip_weekends_and_holidays_and_end_at_the_end_of_the_day():
    friday = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # 10:00 Friday in Vietnam
    due = local(CALENDAR.deadline(friday, 1))
    assert (due.date(), due.hour, due.minute) == (date(2026, 11, 30), 23, 59)  # Monday
    late_thursday = datetime(2026, 11, 26, 16, 30, tzinfo=UTC)  # 23:30 Thursday in Vietnam
    assert local(CALENDAR.deadline(late_thursday, 1)).date() == date(2026, 11, 27)
    friday_night = datetime(2026, 11, 26, 17, 30, tzinfo=UTC)  # still Thursday in UTC, 00:30 Friday in Vietnam
    assert local(CALENDAR.deadline(friday_night, 1)).date() == date(2026, 11, 30)
    assert CALENDAR.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)  # over Tết
    assert CALENDAR.add_working_days(date(2026, 4, 29), 1) == date(2026, 5, 4)  # 30/4 and 1/5 are holidays


def test_a_year_without_holidays_counts_weekends_only_and_is_named():
    assert CALENDAR.is_working_day(date(2027, 9, 2))  # nobody entered 2027 here
    assert CALENDAR.unknown_year(date(2026, 12, 20), date(2027, 1, 5)) == 2027
    assert CALENDAR.unknown_year(date(2026, 1, 2), date(2026, 12, 31)) is None


def test_a_six_day_week_can_be_configured():
    saturday_works = WorkingCalendar.parse("7")
    assert saturday_works.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 28)


@pytest.mark.parametrize(
    "text",
    [
        "Tôi tố cáo cán bộ xã nhận hối lộ",
        "to cao ong chu tich xa sach nhieu dan",
        "Khiếu nại quyết định hành chính về bồi thường đất",
    ],
)
def test_complaints_and_denunciations_are_suggested_with_or_without_diacritics(text):
    assert classify(text).complaint


def test_ordinary_feedback_is_not_a_complaint():
    suggestion = classify("Đề nghị xã sửa đường thôn 3 bị ngập")
    assert not suggestion.complaint and suggestion.matched == ()


def test_the_same_issue_typed_two_ways_is_similar_and_another_issue_is_not():
    a = features("Đường thôn 3 bị ngập nước, đề nghị xã xử lý")
    b = features("nuoc ngap duong o thon 3 may ngay nay ko di dc")
    c = features("Đèn đường khu phố 2 không sáng đã một tuần")
    assert similarity(a, b) > 0.5 > 0.2 > similarity(a, c)


def case(status=Status.RECEIVED):
    now = datetime(2026, 11, 26, tzinfo=UTC)
    return Case(
        channel="web",
        text="x",
        category="other",
        classification=Classification.FEEDBACK,
        suggested_classification=Classification.FEEDBACK,
        area_id=1,
        area_path="/66/24169/",
        scope_area_id=1,
        unit_area_id=1,
        unit_path="/66/24169/",
        unit_name="UBND Phường Ea Kao",
        received_at=now,
        due_at=now,
        updated_at=now,
        access_key="k",
        status=status,
        code="PA-2026-000001",
    )


def test_an_impossible_move_names_the_current_state():
    closed = case(Status.CLOSED)
    with pytest.raises(Conflict) as refused:
        closed.answer("Trả lời", 1, datetime.now(UTC))
    assert "“Đã kết thúc”" in refused.value.detail


def test_reject_and_forward_need_a_reason_and_an_answer_needs_text():
    with pytest.raises(InvalidInput, match="lý do từ chối"):
        case().reject("", datetime.now(UTC))
    with pytest.raises(InvalidInput, match="lý do chuyển"):
        case().forward_out("Công an xã", " ", datetime.now(UTC))
    with pytest.raises(InvalidInput, match="trả lời không được để trống"):
        case().answer("  ", 1, datetime.now(UTC))


def test_merging_counts_everyone_and_refuses_a_finished_target():
    a, b = case(), case()
    b.code, b.reporters, b.id, a.id = "PA-2026-000002", 2, 2, 1
    b.merge_into(a, datetime.now(UTC))
    assert a.reporters == 3 and b.status == Status.MERGED and b.merged_into_id == 1
    done = case(Status.REJECTED)
    done.id = 9
    with pytest.raises(Conflict, match="không gộp thêm"):
        case().merge_into(done, datetime.now(UTC))


def test_phone_numbers_are_normalised_and_masked():
    assert normalise_phone("+84 905-123-456") == "0905123456"
    assert normalise_phone("84905123456") == "0905123456"
    assert mask_phone("0905123456") == "0905***456"
    with pytest.raises(InvalidInput, match="Số điện thoại không hợp lệ"):
        normalise_phone("gọi tôi nhé")
