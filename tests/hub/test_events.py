"""The event path: services emit named domain events into the unit of work; handlers run inside
the transaction, as outbox jobs, or after commit with the hub."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from hub.accounts.model import Principal
from hub.broadcasts import service as broadcasts
from hub.broadcasts.changes import change_table
from hub.broadcasts.events import DeliveryChanged, ProgrammeChanged
from hub.bulletins.events import BulletinPublished
from hub.kit.events import DomainEvent
from hub.plugins import Registry, load
from tests.support.events import emitted_in, never_emitted

EA_KAO_PATH = "/66/24169/"


def test_every_handled_event_is_emitted_somewhere():
    assert never_emitted(load()) == []


@dataclass(frozen=True)
class NobodyEmitsThis(DomainEvent):
    what: str


def test_a_handler_of_an_event_nobody_emits_is_found():
    registry = Registry()
    registry.on_commit(NobodyEmitsThis, lambda hub, event: None)
    registry.listen(BulletinPublished, "some.job")
    assert never_emitted(registry) == ["tests.hub.test_events.NobodyEmitsThis"]
    # named in a docstring or built without being emitted does not count; a table an emit uses does
    assert emitted_in('"""uow.emit(NobodyEmitsThis(...))"""\nevent = NobodyEmitsThis("x")\n') == set()
    table = 'EVENTS = {"a": NobodyEmitsThis}\ndef f(uow, a):\n    uow.emit(EVENTS[a]("x"))\n'
    assert "NobodyEmitsThis" in emitted_in(table)


def published(bulletin_id: int) -> BulletinPublished:
    return BulletinPublished(bulletin_id=bulletin_id, revision=1, priority="emergency", status="published")


def test_handlers_after_commit_get_the_hub_and_run_only_when_the_work_commits(hub):
    heard: list[tuple[object, DomainEvent]] = []
    hub.registry.on_commit(BulletinPublished, lambda got, event: heard.append((got, event)))
    with hub.database.uow() as uow:
        uow.emit(published(1))
        uow.rollback()
    with hub.database.uow() as uow:
        uow.emit(published(2))
    assert heard == []  # never committed
    with hub.database.uow() as uow:
        uow.emit(published(3))
        uow.commit()
    assert heard == [(hub, published(3))]
    assert published(3).urgent and published(3).payload()["bulletin_id"] == 3


def version_of(hub, scope: str) -> int | None:
    with hub.database.engine.connect() as conn:
        return conn.execute(select(change_table.c.version).where(change_table.c.scope == scope)).scalar()


def test_the_delivery_bump_commits_with_the_change_or_not_at_all(hub):
    system = Principal.system("system")
    changed: list[DeliveryChanged] = []
    hub.registry.on_commit(DeliveryChanged, lambda _hub, event: changed.append(event))
    before = version_of(hub, EA_KAO_PATH)

    def refuse(uow, event: ProgrammeChanged) -> None:
        raise RuntimeError("a later step of the same transaction fails")

    hub.registry.before_commit(ProgrammeChanged, refuse)
    with hub.database.uow() as uow:
        broadcasts.set_priority_order(uow, system, "24169", [])
        with pytest.raises(RuntimeError):
            uow.commit()
    assert version_of(hub, EA_KAO_PATH) == before and changed == []

    hub.registry.in_transaction[ProgrammeChanged].remove(refuse)
    with hub.database.uow() as uow:
        broadcasts.set_priority_order(uow, system, "24169", [])
        uow.commit()
    assert changed and changed[0].scopes == (EA_KAO_PATH,)
    assert version_of(hub, EA_KAO_PATH) == changed[0].version > (before or 0)


def test_an_edit_that_drops_an_area_tells_the_devices_of_that_area(client, login, hub):
    editor, approver = login("bientap.tinh"), login("duyet.tinh")
    body = {"title": "Lịch tiêm chủng", "body": "Lịch tiêm chủng tháng này.", "category": "local_affairs"}
    created = client.post("/api/v1/bulletins", json={**body, "target_codes": ["24169", "24280"]}, headers=editor)
    assert created.status_code == 201, created.text
    bid = created.json()["id"]
    assert client.post(f"/api/v1/bulletins/{bid}/submit", headers=editor).status_code == 200
    assert client.post(f"/api/v1/bulletins/{bid}/approve", headers=approver).status_code == 200
    before = version_of(hub, EA_KAO_PATH)
    assert before is not None  # the approved bulletin reached Ea Kao's devices
    edited = client.patch(f"/api/v1/bulletins/{bid}", json={"target_codes": ["24280"]}, headers=editor)
    assert edited.status_code == 200, edited.text
    assert version_of(hub, EA_KAO_PATH) > before  # Ea Kao's devices collect again and drop it
