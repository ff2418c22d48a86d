"""Helpers for the feedback tests: file as a citizen, run the hub's jobs, read mailboxes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hub.contacts import service as contacts
from hub.context import Hub
from hub.feedback.config import feedback_config
from hub.feedback.intake import filing
from hub.jobs.worker import Worker

EA_KAO, CU_MGAR, HOA_PHU = "24169", "24280", "24175"


def drain(hub: Hub) -> int:
    """Run every due job (notices to officials, deliveries), as the worker of a running hub would."""
    return Worker(hub).drain()


def file_web(client: Any, text: str, area_code: str | None = EA_KAO, **form: Any) -> Any:
    data = {"text": text, **form}
    if area_code:
        data["area_code"] = area_code
    return client.post("/api/v1/public/feedback", data=data)


def file_direct(
    hub: Hub,
    channel: str,
    sender: str,
    text: str,
    area_code: str | None = EA_KAO,
    *,
    now: datetime | None = None,
    **options: Any,
) -> str:
    """File through the service layer, as chat and the hotline do; returns the code."""
    with hub.database.uow() as uow:
        contact = contacts.identify(uow, channel, sender, now=now)
        filed = filing.file_case(uow, feedback_config(hub), contact, text, area_code=area_code, now=now, **options)
        uow.commit()
        return filed.case.code


def web_mailbox(client: Any, sender: str) -> list[dict[str, Any]]:
    response = client.get("/api/v1/public/messages", params={"sender": sender})
    assert response.status_code == 200, response.text
    return response.json()
