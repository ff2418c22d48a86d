"""The bulletin workflow as pure rules: no database, no web."""

from datetime import timedelta

import pytest

from hub.bulletins.categories import Category
from hub.bulletins.model import Bulletin, BulletinTarget, Content, Priority, Status, Variant
from hub.kit.errors import Conflict, InvalidInput
from hub.kit.time import utcnow

NOW = utcnow()


def content(**changes: object) -> Content:
    values: dict[str, object] = {
        "title": "Thông báo lịch tiêm chủng",
        "body": "Trạm y tế tiêm vắc xin sởi vào sáng thứ Ba.",
        "category": Category.SOCIETY,
        "priority": Priority.NORMAL,
        "valid_from": NOW,
        "target_codes": ("24169",),
    }
    values.update(changes)
    return Content(**values)


def draft(**changes: object) -> Bulletin:
    target = BulletinTarget(area_id=2, area_code="24169", area_path="/66/24169/")
    bulletin, transition = Bulletin.draft(content(**changes), [target], creating_area_id=2, author_id=7, now=NOW)
    assert transition.to_status == Status.DRAFT
    return bulletin


def test_happy_path_moves_through_every_state_with_one_revision() -> None:
    b = draft()
    assert b.submit(NOW).to_status == Status.SUBMITTED
    assert b.approve(9, NOW).to_status == Status.APPROVED
    assert b.should_publish(NOW)
    assert b.publish(NOW).to_status == Status.PUBLISHED
    b.valid_until = NOW + timedelta(hours=1)
    assert b.should_expire(NOW + timedelta(hours=1))
    assert b.expire(NOW + timedelta(hours=1)).to_status == Status.EXPIRED
    assert [r.number for r in b.revisions] == [1]
    assert b.revisions[0].approved_by_id == 9


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("approve", Status.DRAFT),
        ("publish", Status.SUBMITTED),
        ("submit", Status.PUBLISHED),
        ("reject", Status.APPROVED),
    ],
)
def test_impossible_transition_names_the_current_state(action: str, state: Status) -> None:
    b = draft()
    b.status = state
    args = {"approve": (1, NOW), "publish": (NOW,), "submit": (NOW,), "reject": ("lý do", NOW)}[action]
    with pytest.raises(Conflict) as raised:
        getattr(b, action)(*args)
    assert raised.value.extra["current_status"] == state.value
    assert "trạng thái" in raised.value.detail


def test_reject_and_withdraw_need_a_reason() -> None:
    b = draft()
    b.submit(NOW)
    with pytest.raises(InvalidInput):
        b.reject("   ", NOW)
    b.reject("Thiếu số điện thoại liên hệ", NOW)
    assert b.status == Status.REJECTED and b.status_reason == "Thiếu số điện thoại liên hệ"
    with pytest.raises(InvalidInput):
        b.withdraw("", NOW)


def test_editing_a_rejected_draft_returns_it_to_draft_in_the_same_revision() -> None:
    b = draft()
    b.submit(NOW)
    b.reject("Sai ngày", NOW)
    target = BulletinTarget(area_id=2, area_code="24169", area_path="/66/24169/")
    transition = b.edit(content(title="Lịch tiêm chủng (đã sửa ngày)"), [target], 7, NOW)
    assert transition.action == "edit" and b.status == Status.DRAFT
    assert [r.number for r in b.revisions] == [1]
    assert b.revisions[0].title == "Lịch tiêm chủng (đã sửa ngày)"


def test_editing_a_published_bulletin_opens_a_new_revision_awaiting_approval() -> None:
    b = draft()
    b.submit(NOW)
    b.approve(9, NOW)
    b.publish(NOW)
    target = BulletinTarget(area_id=2, area_code="24169", area_path="/66/24169/")
    transition = b.edit(content(body="Đổi sang sáng thứ Tư."), [target], 7, NOW)
    assert (transition.action, transition.from_status, transition.to_status) == (
        "revise",
        Status.PUBLISHED,
        Status.SUBMITTED,
    )
    assert [r.number for r in b.revisions] == [1, 2]
    old, new = b.revisions
    assert old.body.startswith("Trạm y tế") and old.approved_by_id == 9
    assert new.body == "Đổi sang sáng thứ Tư." and new.approved_by_id is None
    with pytest.raises(Conflict) as raised:
        b.approve(9, NOW, expected_revision=1)
    assert raised.value.code == "stale_revision"
    b.approve(9, NOW, expected_revision=2)
    assert b.approved_revision == 2


def test_content_is_validated_in_vietnamese() -> None:
    with pytest.raises(InvalidInput, match="Tiêu đề"):
        content(title="  ")
    with pytest.raises(InvalidInput, match="địa bàn"):
        content(target_codes=())
    with pytest.raises(InvalidInput, match="kết thúc"):
        content(valid_until=NOW - timedelta(minutes=1))
    with pytest.raises(InvalidInput, match="ngôn ngữ"):
        content(variants=(Variant("ede", "a", "b"), Variant("ede", "c", "d")))


def test_an_approved_emergency_goes_live_at_once_but_a_future_bulletin_waits() -> None:
    later = draft(valid_from=NOW + timedelta(days=2))
    later.submit(NOW)
    later.approve(1, NOW)
    assert not later.should_publish(NOW)
    urgent = draft(valid_from=NOW + timedelta(days=2), priority=Priority.EMERGENCY)
    urgent.submit(NOW)
    urgent.approve(1, NOW)
    assert urgent.should_publish(NOW)
