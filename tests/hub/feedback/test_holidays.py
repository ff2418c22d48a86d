"""The public holidays shipped with the hub are days off for deadlines."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hub.feedback.config import feedback_config
from hub.kit.time import VN_TZ, local
from tests.support.feedback import file_direct


def test_the_shipped_tet_of_2027_is_not_counted_in_a_deadline(hub):
    """Tết 2027 (mùng 1 = Saturday 6/2/2027, a fixed fact of the lunar calendar, not the clock): the
    shipped break is 5/2 and 8/2–11/2 (the 5 days by law, two made up for the weekend); a case received
    on the Thursday before is due counting working days from Friday 12/2."""
    received = datetime(2027, 2, 4, 10, 0, tzinfo=VN_TZ)
    code = file_direct(
        hub, "zalo", "zalo-before-tet", "Đường vào buôn bị sạt lở.", category="infrastructure", now=received
    )
    days = feedback_config(hub).categories.get("infrastructure").days
    with hub.database.uow() as uow:
        due = local(uow.cases.get_by_code(code).due_at).date()
    expected, counted = date(2027, 2, 11), 0
    while counted < days:
        expected += timedelta(days=1)
        counted += expected.isoweekday() < 6
    assert due == expected
