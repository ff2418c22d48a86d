"""The hub owns what lives as long as the process: each hub builds its own services and senders, once,
and closes them with itself; two hubs in one process share none of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hub.bootstrap import build_hub
from hub.config import Settings
from hub.contacts.model import Contact
from hub.context import Hub, ServiceKey
from hub.feedback.config import feedback_config
from hub.jobs.worker import Worker
from hub.kit.time import utcnow
from hub.messaging.model import Message


class Pool:
    """A stand-in for a plugin's connection pool: it knows its hub and whether it was closed."""

    def __init__(self, hub: Hub) -> None:
        self.owner = hub.settings.public_url
        self.closed = False

    def close(self) -> None:
        self.closed = True


POOL = ServiceKey[Pool]("tests.pool")


class Echo:
    def __init__(self, hub: Hub) -> None:
        self.owner = hub.settings.public_url

    def send(self, contact: Contact | None, message: Message) -> str | None:
        return self.owner


def _two_hubs(make_settings: Callable[..., Settings]) -> tuple[Hub, Hub]:
    hubs = []
    for url in ("http://mot.test", "http://hai.test"):
        hub = build_hub(make_settings(public_url=url, feedback_complaint_days=10 if "mot" in url else 45))
        hub.registry.service(POOL, Pool)
        hub.registry.sender("echo", Echo)
        hubs.append(hub)
    return hubs[0], hubs[1]


def test_each_hub_builds_its_services_once_and_closes_them_with_itself(make_settings):
    one, two = _two_hubs(make_settings)
    try:
        pool = one.service(POOL)
        assert one.service(POOL) is pool and pool.owner == "http://mot.test"
        assert two.service(POOL) is not pool and two.service(POOL).owner == "http://hai.test"
        assert one.sender("echo") is one.sender("echo") and one.sender("echo") is not two.sender("echo")
        one.close()
        assert pool.closed and not two.service(POOL).closed
        assert one.service(POOL) is not pool  # a closed hub builds anew what is asked for afterwards
    finally:
        one.close()
        two.close()


def test_each_hub_reads_its_own_feedback_rules(make_settings):
    one, two = _two_hubs(make_settings)
    try:
        assert feedback_config(one).complaint_days == 10 and feedback_config(two).complaint_days == 45
        assert feedback_config(one) is feedback_config(one)
    finally:
        one.close()
        two.close()


def test_a_job_reaches_its_hubs_services(make_settings):
    one, two = _two_hubs(make_settings)
    seen: list[Any] = []
    for hub in (one, two):
        hub.registry.job("tests.look", lambda ctx, payload: seen.append((ctx.hub.sender("echo"), ctx.settings)))
    try:
        for hub in (one, two):
            with hub.database.uow() as uow:
                uow.jobs.enqueue("tests.look", {}, now=utcnow())
                uow.commit()
            Worker(hub).drain()
        assert [(sender.owner, settings.public_url) for sender, settings in seen] == [
            ("http://mot.test", "http://mot.test"),
            ("http://hai.test", "http://hai.test"),
        ]
    finally:
        one.close()
        two.close()


def test_a_service_nobody_registered_is_named(hub):
    with pytest.raises(LookupError, match=r"tests\.nobody"):
        hub.service(ServiceKey[object]("tests.nobody"))
