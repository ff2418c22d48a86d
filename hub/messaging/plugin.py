"""The outbox joins the hub: its table, the delivery job, the sweep, the SMS sender, the inboxes."""

from __future__ import annotations

import traceback
from datetime import timedelta
from typing import Any

from hub.jobs.worker import JobContext
from hub.messaging import service, tables
from hub.messaging.endpoints import router
from hub.messaging.settings import SmsSettings
from hub.messaging.sms import sms_sender
from hub.plugins import Registry


def deliver(ctx: JobContext, payload: dict[str, Any]) -> None:
    message_id = int(payload["message_id"])
    try:
        service.deliver(ctx.uow, ctx.hub, message_id)
    except Exception as exc:
        # The send failed for a transient reason: keep a record of the attempt (committed now, since
        # the job's own transaction is about to be rolled back), then let the queue retry it later.
        error = "".join(traceback.format_exception_only(exc)).strip()
        final = ctx.job.attempts >= ctx.job.max_attempts
        ctx.uow.rollback()
        service.record_failure(ctx.uow, message_id, error, final=final)
        ctx.uow.commit()
        raise


def sweep(ctx: JobContext, payload: dict[str, Any]) -> None:
    service.sweep(ctx.uow, ctx.hub)


def register(registry: Registry) -> None:
    registry.settings(SmsSettings)
    registry.tables(tables.map_tables)
    registry.router(router)
    registry.job(service.DELIVER, deliver)
    registry.job("messaging.sweep", sweep)
    registry.every("messaging.sweep", timedelta(minutes=1))
    registry.sender("sms", sms_sender)
    registry.sender("ivr", sms_sender)  # hotline callers get their answer by SMS when a gateway is set
