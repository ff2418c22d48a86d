"""The chat's answers come through a full-text index over the bulletins' folded text (migration
0017_search): PostgreSQL's GIN index over a stored `to_tsvector('simple', search_text)`, SQLite's FTS5 table
kept by triggers. A word matches whole, marks or not; the index follows publish, edit and delete; the
candidate query uses it; and the migration goes down and up again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import event, insert, inspect, select, text

from hub.accounts.tables import user_table
from hub.areas.tables import area_table
from hub.bulletins import service
from hub.bulletins.categories import Category
from hub.bulletins.model import Bulletin, BulletinTarget, Content, Priority
from hub.bulletins.repository import BulletinFilter
from hub.bulletins.search import Question
from hub.bulletins.tables import bulletin_table
from hub.context import Hub
from hub.db.migrate import alembic_config, upgrade
from hub.kit.time import utcnow

EA_KAO = "24169"
RABIES = ("Tiêm phòng dại cho chó, mèo ở buôn Kô Siêr", "Mời bà con xem lịch tiêm tại nhà văn hóa.")


def publish(hub: Hub, title: str, body: str) -> int:
    when = utcnow() - timedelta(hours=1)
    with hub.database.uow() as uow:
        author = uow.session.execute(select(user_table.c.id).order_by(user_table.c.id).limit(1)).scalar_one()
        area = uow.areas.get_by_code(EA_KAO)
        assert area is not None
        content = Content(title, body, Category.LOCAL_AFFAIRS, Priority.NORMAL, when, (EA_KAO,))
        bulletin, _ = Bulletin.draft(content, [BulletinTarget(area.id, area.code, area.path)], area.id, author, when)
        bulletin.submit(when)
        bulletin.approve(author, when)
        bulletin.publish(when)
        uow.bulletins.add(bulletin)
        uow.commit()
        assert bulletin.id is not None
        return bulletin.id


def searched(hub: Hub, *words: str) -> list[int]:
    """What the chat's candidate query finds for these folded words (any of them)."""
    with hub.database.uow() as uow:
        flt = BulletinFilter(statuses=("published",), any_words=words)
        return [bulletin.id for bulletin, _ in uow.bulletins.searchable(flt, limit=500)]


def indexed(hub: Hub, phrase: str) -> set[int]:
    """The bulletins the index itself holds this folded phrase for, asked in the backend's own syntax."""
    with hub.database.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            query = "SELECT rowid FROM bulletin_fts WHERE bulletin_fts MATCH :q"
            rows = conn.execute(text(query), {"q": f'"{phrase}"'})
        else:
            query = "SELECT id FROM bulletin WHERE search_vector @@ to_tsquery('simple', :q)"
            rows = conn.execute(text(query), {"q": " <-> ".join(phrase.split())})
        return {row[0] for row in rows}


def test_a_question_finds_a_bulletin_by_its_whole_folded_words_typed_with_or_without_marks(hub: Hub) -> None:
    rabies = publish(hub, *RABIES)
    assert rabies in searched(hub, "tiem phong dai")  # a phrase, from "Tiêm phòng dại"
    assert rabies in searched(hub, "zzzz", "meo")  # any word: "meo" finds "mèo"
    assert rabies in searched(hub, "ko sier")
    assert rabies not in searched(hub, "xe")  # "xe" is inside "xem", not a word of the bulletin
    assert rabies not in searched(hub, "sie", "tie", "van hoa tiem")  # parts of words, words out of order
    assert searched(hub, "khongcotunaytrongtin") == []
    # Words are data, never query syntax: FTS5's and tsquery's operators, a word the parser drops.
    assert rabies not in searched(hub, "or", "and", "not", "near", "_")
    assert rabies in searched(hub, "or", "dai")


def test_weak_words_alone_do_not_select_an_answer(hub: Hub) -> None:
    rabies = publish(hub, *RABIES)
    with hub.database.uow() as uow:
        area = uow.areas.get_by_code(EA_KAO)
        assert area is not None
        now = utcnow()
        assert service.answers(uow, area, Question(("zzzz",), ("cho", "dai")), at=now) == []
        found = service.answers(uow, area, Question(("tiem", "phong", "dai"), ("cho",)), at=now)
        assert [b.id for b in found][:1] == [rabies]


@pytest.fixture
def statements(hub: Hub) -> Iterator[list[tuple[str, object]]]:
    seen: list[tuple[str, object]] = []

    def remember(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.append((statement, parameters))

    event.listen(hub.database.engine, "before_cursor_execute", remember)
    yield seen
    event.remove(hub.database.engine, "before_cursor_execute", remember)


def filler(hub: Hub, count: int) -> None:
    """`count` published bulletins about something else, so the planner prefers the index."""
    now = utcnow()
    with hub.database.engine.begin() as conn:
        area = conn.execute(select(area_table.c.id).where(area_table.c.code == EA_KAO)).scalar_one()
        row = {
            "summary": "",
            "body": "Nội dung thông báo gửi bà con trong phường.",
            "category": "society",
            "priority": "normal",
            "status": "published",
            "creating_area_id": area,
            "valid_from": now,
            "revision": 1,
            "status_reason": "",
            "origin": "test",
            "created_at": now,
            "updated_at": now,
            "published_at": now,
            "version_id": 1,
        }
        rows = [{**row, "title": f"Họp dân số {n}", "search_text": f"hop dan so {n} noi dung"} for n in range(count)]
        conn.execute(insert(bulletin_table), rows)
        conn.execute(text("ANALYZE"))


def test_the_candidate_query_uses_the_full_text_index(hub: Hub, statements: list[tuple[str, object]]) -> None:
    publish(hub, *RABIES)
    filler(hub, 3000)
    statements.clear()
    assert searched(hub, "tiem phong dai", "meo")
    statement, parameters = next((s, p) for s, p in statements if "search_text" in s and "SELECT" in s)
    with hub.database.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            plan = " ".join(str(row) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
            assert "bulletin_fts VIRTUAL TABLE INDEX" in plan, plan
        else:
            plan = " ".join(str(row) for row in conn.exec_driver_sql("EXPLAIN " + statement, parameters))
            assert "ix_bulletin_search_vector" in plan, plan


def test_the_index_follows_publish_edit_and_delete(hub: Hub) -> None:
    rabies = publish(hub, *RABIES)
    assert rabies in indexed(hub, "tiem phong dai")
    with hub.database.uow() as uow:
        bulletin = uow.bulletins.get(rabies)
        assert bulletin is not None
        content = Content(
            "Tiêm phòng sởi", "Cho trẻ em.", Category.SOCIETY, Priority.NORMAL, bulletin.valid_from, (EA_KAO,)
        )
        bulletin.edit(content, list(bulletin.targets), None, utcnow())
        uow.commit()
    assert rabies not in indexed(hub, "dai")
    assert rabies in indexed(hub, "tiem phong soi")
    with hub.database.uow() as uow:
        uow.session.delete(uow.bulletins.get(rabies))
        uow.commit()
    assert rabies not in indexed(hub, "tiem phong soi")


def test_the_migration_goes_down_and_up_again_and_indexes_the_existing_bulletins(hub: Hub) -> None:
    rabies = publish(hub, *RABIES)
    engine = hub.database.engine
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0016_codes")
    schema = inspect(engine)
    assert "bulletin_fts" not in schema.get_table_names()
    assert "ix_bulletin_search_vector" not in {i["name"] for i in schema.get_indexes("bulletin")}
    assert "search_vector" not in {c["name"] for c in schema.get_columns("bulletin")}
    upgrade(engine)
    assert rabies in indexed(hub, "tiem phong dai")
    assert rabies in searched(hub, "tiem phong dai")
