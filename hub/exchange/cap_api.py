"""CAP 1.2 over HTTP: receiving alerts (POST), and our emergencies as CAP at stable URLs.

POST /api/v1/cap/alerts          an alert (application/cap+xml or application/xml), officials with
                                 the approve role, or a trusted sender's system account → 201
GET  /cap/v1/alerts              Atom feed of our emergency alerts (newest first)
GET  /cap/v1/alerts/{id}.xml     one CAP 1.2 alert (`ttcs-{province}-{bulletin}-r{n}` / `…-cancel`)
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from hub.accounts.access import require_anywhere
from hub.accounts.model import Permission
from hub.bulletins.repository import BulletinFilter
from hub.exchange import cap_export, service
from hub.exchange.settings import ExchangeSettings
from hub.http.deps import CurrentPrincipal, HubDep, ReadUow
from hub.http.params import parse_id
from hub.kit.errors import NotFound, UnsupportedMediaType
from hub.kit.time import utcnow

router = APIRouter(tags=["CAP 1.2"])
CAP_TYPE = "application/cap+xml"
ACCEPTED = (CAP_TYPE, "application/xml")
EXPORT_LIMIT = 50


@router.post("/api/v1/cap/alerts", status_code=201, summary="Nhận một cảnh báo CAP 1.2 (XML)")
async def receive(request: Request, hub: HubDep, principal: CurrentPrincipal) -> dict[str, object]:
    require_anywhere(principal, Permission.APPROVE)
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in ACCEPTED:
        raise UnsupportedMediaType(
            f"Cảnh báo CAP phải gửi với Content-Type {CAP_TYPE} hoặc application/xml "
            f"(nhận được “{media_type or 'không có'}”).",
            code="cap_content_type",
        )
    data = await request.body()

    def work() -> dict[str, object]:
        with hub.database.uow() as uow:
            done = service.import_alert(uow, hub.settings, data, "http", principal)
            uow.commit()
            return {
                "outcome": done.outcome,
                "detail": done.detail,
                "bulletin_id": done.bulletin.id if done.bulletin else None,
                "status": str(done.bulletin.status) if done.bulletin else None,
                "identifier": done.alert.identifier,
            }

    return await asyncio.to_thread(work)


def _province(hub: HubDep) -> str:
    return str(hub.settings.province_code)


def _emergencies(uow: ReadUow, limit: int):
    flt = BulletinFilter(priorities=("emergency",), statuses=("published", "expired", "withdrawn"))
    items, _ = uow.bulletins.list(flt, limit=limit, offset=0, count=False)
    return [uow.bulletins.get(b.id) for b in items]


@router.get(
    "/cap/v1/alerts",
    summary="Cảnh báo khẩn cấp dạng CAP 1.2 (Atom)",
    response_class=Response,
    responses={200: {"description": "Atom", "content": {"application/atom+xml": {"schema": {"type": "string"}}}}},
)
def feed(
    request: Request, hub: HubDep, uow: ReadUow, limit: Annotated[int, Query(ge=1, le=200)] = EXPORT_LIMIT
) -> Response:
    base = hub.settings.public_url.rstrip("/")
    entries = []
    for bulletin in _emergencies(uow, limit):
        for message in reversed(cap_export.messages(bulletin, _province(hub))):
            entries.append(
                (message.identifier, bulletin.title, message.sent, f"{base}/cap/v1/alerts/{message.identifier}.xml")
            )
    entries.sort(key=lambda e: e[2], reverse=True)
    body = cap_export.feed(entries, f"{base}/cap/v1/alerts", entries[0][2] if entries else utcnow())
    return Response(body, media_type="application/atom+xml")


@router.get(
    "/cap/v1/alerts/{identifier}.xml",
    summary="Một cảnh báo CAP 1.2",
    response_class=Response,
    responses={200: {"description": "CAP 1.2", "content": {CAP_TYPE: {"schema": {"type": "string"}}}}},
)
def one(identifier: str, hub: HubDep, uow: ReadUow) -> Response:
    prefix = f"ttcs-{_province(hub)}-"
    number = parse_id(identifier.removeprefix(prefix).split("-")[0])
    bulletin = uow.bulletins.get(number) if identifier.startswith(prefix) and number is not None else None
    found = None
    if bulletin is not None and str(bulletin.priority) == "emergency":
        found = next((m for m in cap_export.messages(bulletin, _province(hub)) if m.identifier == identifier), None)
    if bulletin is None or found is None:
        raise NotFound(f"Không có cảnh báo CAP “{identifier}”.", code="cap_not_found")
    by_id = uow.areas.by_ids(t.area_id for t in bulletin.targets)
    targets = [(t.area_code, by_id[t.area_id].name) for t in bulletin.targets]
    root = uow.areas.root()
    body = cap_export.build(
        bulletin, found, hub.settings.of(ExchangeSettings).cap_sender, root.name if root else "TTCS", targets
    )
    return Response(body, media_type=CAP_TYPE)
