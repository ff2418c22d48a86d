"""The training register (issue 18, item 13): an approver records a course with the officials who
attended; the annual report counts the officials in charge who were trained against the plan's 100 %."""

from __future__ import annotations

from sqlalchemy import select

from hub.accounts.model import Principal
from hub.audit.tables import audit_table
from hub.context import Hub
from hub.kit.time import local, utcnow
from hub.reports import service, training
from tests.hub.reports.helpers import EA_KAO
from tests.support.web import post_form, text_of

PAGE = "/quan-tri/bao-cao/tap-huan"
TARGET = "Cán bộ làm công tác thông tin cơ sở được bồi dưỡng, tập huấn"


def _ids(hub: Hub, *usernames: str) -> list[str]:
    with hub.database.uow(write=False) as uow:
        found = [uow.users.get_by_username(u) for u in usernames]
        return [str(u.id) for u in found if u is not None]


def _target(hub: Hub) -> tuple[float | None, str]:
    with hub.database.uow(write=False) as uow:
        report = service.build(uow, Principal.system(), EA_KAO)
    (found,) = [t for t in report.targets if t.label == TARGET]
    return found.value, found.detail


def test_an_approver_records_a_course_and_the_report_counts_the_trained_officials(hub: Hub, browser) -> None:
    with hub.database.uow(write=False) as uow:
        area = uow.areas.get_by_code(EA_KAO)
        assert area is not None
        in_charge = training.officials(uow, area)
    names = {o.username for o in in_charge}
    assert {"bientap.eakao", "duyet.eakao"} <= names and "duyet.cumgar" not in names and "xem.tinh" not in names
    assert _target(hub) == (0.0, f"0/{len(in_charge)} cán bộ")

    approver = browser("duyet.eakao")
    page = approver.get(PAGE)
    assert page.status_code == 200 and "Chưa ghi lớp nào trong kỳ." in text_of(page.text)
    today = local(utcnow()).date().isoformat()
    data = {"area": EA_KAO, "course": "Biên soạn tin cho loa truyền thanh", "held_on": today}
    empty = post_form(approver, PAGE, PAGE, {**data, "attendees": []})
    assert empty.status_code == 422 and "Hãy chọn cán bộ dự lớp" in text_of(empty.text)
    outsider = post_form(approver, PAGE, PAGE, {**data, "attendees": _ids(hub, "duyet.cumgar")})
    assert outsider.status_code == 422
    bad_day = post_form(approver, PAGE, PAGE, {**data, "held_on": "31/02", "attendees": _ids(hub, "bientap.eakao")})
    assert bad_day.status_code == 422 and "Ngày tập huấn không hợp lệ" in text_of(bad_day.text)

    done = post_form(approver, PAGE, PAGE, {**data, "attendees": _ids(hub, "bientap.eakao", "duyet.eakao")})
    assert done.status_code == 200
    shown = text_of(done.text)
    assert "Đã ghi lớp “Biên soạn tin cho loa truyền thanh”" in shown and "2 cán bộ dự" in shown
    assert f"Đã tập huấn 2/{len(in_charge)} cán bộ" in shown
    assert _target(hub) == (2 / len(in_charge), f"2/{len(in_charge)} cán bộ")
    with hub.database.uow(write=False) as uow:
        assert "training.add" in set(uow.session.execute(select(audit_table.c.action)).scalars())

    editor = browser("bientap.eakao")
    refused = post_form(editor, PAGE, PAGE, {**data, "attendees": _ids(hub, "bientap.eakao")})
    assert refused.status_code == 403
