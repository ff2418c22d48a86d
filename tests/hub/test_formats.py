"""One way to write numbers, durations and dates in Vietnamese (hub.kit.formats), used by the pages,
the report and the chat."""

from datetime import UTC, datetime, timedelta

from hub.kit import formats
from hub.web.labels import actor_label


def test_numbers_have_a_decimal_comma_and_a_thousands_dot():
    assert formats.number(0.4, 1) == "0,4"
    assert formats.number(1234.5, 1) == "1.234,5"
    assert formats.percent(1.0) == "100,0 %" and formats.percent(None) == "—"
    assert formats.minutes(0.4) == "0,4 phút"


def test_durations_leave_out_empty_parts():
    assert formats.duration(22) == "22 giây"
    assert formats.duration(180) == "3 phút"
    assert formats.duration(75) == "1 phút 15 giây"
    assert formats.duration(3900) == "1 giờ 5 phút"
    assert formats.duration(0) == "0 giây"


def test_dates_read_in_vietnam_time():
    late_evening = datetime(2000, 1, 1, 20, 30, tzinfo=UTC) + timedelta(days=40)
    assert formats.day(late_evening) == (late_evening + timedelta(hours=7)).strftime("%d/%m/%Y")
    assert formats.moment(late_evening).startswith("03:30 ")


def test_timeline_actors_are_named_in_vietnamese():
    assert actor_label("citizen") == "Người dân" and actor_label("system") == "Hệ thống"
    assert actor_label(None) == "Hệ thống" and actor_label("bientap.eakao") == "bientap.eakao"
