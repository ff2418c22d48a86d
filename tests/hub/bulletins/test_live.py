"""One definition of "live": `Bulletin.is_live` in Python and `hub.bulletins.tables.live()` in SQL
agree on every status, and the workflow moves a bulletin in and out of it."""

import pytest
from sqlalchemy import create_engine, literal, select

from hub.bulletins.categories import Category
from hub.bulletins.model import RELEASED, Bulletin, BulletinTarget, Content, Priority, Status
from hub.bulletins.tables import live, released
from hub.kit.time import utcnow

NOW = utcnow()


def draft(priority: Priority = Priority.NORMAL) -> Bulletin:
    content = Content(
        title="Cảnh báo mưa lớn",
        body="Bà con chú ý an toàn khi đi lại.",
        category=Category.SOCIETY,
        priority=priority,
        valid_from=NOW,
        target_codes=("24169",),
    )
    target = BulletinTarget(area_id=2, area_code="24169", area_path="/66/24169/")
    return Bulletin.draft(content, [target], creating_area_id=2, author_id=7, now=NOW)[0]


@pytest.fixture(scope="module")
def sql():
    engine = create_engine("sqlite://")
    with engine.connect() as connection:
        yield lambda clause: bool(connection.execute(select(clause)).scalar_one())
    engine.dispose()


@pytest.mark.parametrize("status", list(Status))
def test_python_and_sql_agree_on_what_is_live(sql, status: Status) -> None:
    bulletin = draft()
    bulletin.status = status
    assert bulletin.is_live is sql(live(literal(status.value)))
    assert bulletin.is_live is (status in (Status.APPROVED, Status.PUBLISHED))
    assert sql(released(literal(status.value))) is (status in RELEASED)


def test_a_bulletin_is_live_from_approval_until_it_expires_and_only_a_published_emergency_interrupts() -> None:
    bulletin = draft(priority=Priority.EMERGENCY)
    assert not bulletin.is_live
    bulletin.submit(NOW)
    assert not bulletin.is_live
    bulletin.approve(approver_id=9, now=NOW)
    assert bulletin.is_live and not bulletin.interrupts  # plays from its start, interrupts nothing yet
    bulletin.publish(NOW)
    assert bulletin.is_live and bulletin.interrupts
    bulletin.expire(NOW)
    assert not bulletin.is_live and not bulletin.interrupts

    routine = draft()
    routine.status = Status.PUBLISHED
    assert routine.is_live and not routine.interrupts
