"""Open311 GeoReport v2 routes under /open311/v2 (discovery at /open311/discovery.json).

Every answer, errors included, is in the format the path asks for (`.json` or `.xml`), as civic
applications expect; errors carry a Vietnamese `description`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from hub.context import Hub
from hub.feedback.config import feedback_config
from hub.feedback.intake.attachments import AttachmentStore, Upload
from hub.http.client import client_address
from hub.http.deps import HubDep
from hub.kit.errors import HubError, InvalidInput, NotFound
from hub.kit.time import format_local
from hub.open311 import formats, service

router = APIRouter(prefix="/open311", tags=["open311"])
SPEC = "http://wiki.open311.org/GeoReport_v2"


def _answer(fmt: str, produce: Callable[[], Response]) -> Response:
    try:
        if fmt not in formats.FORMATS:
            raise NotFound(f"Định dạng “{fmt}” không hỗ trợ; dùng .json hoặc .xml.", code="format_unknown")
        return produce()
    except HubError as exc:
        return formats.from_hub_error(fmt, exc)


def _read(hub: Hub, work: Callable[[Any], Any]) -> Any:
    with hub.database.uow(write=False) as uow:
        return work(uow)


@router.get("/discovery.{fmt}", summary="Open311 service discovery")
def discovery(fmt: str, hub: HubDep) -> Response:
    base = hub.settings.public_url.rstrip("/")
    body = {
        "changeset": "2026-11-26T00:00:00Z",
        "contact": "Cổng phản ánh, kiến nghị của tỉnh",
        "key_service": "Liên hệ quản trị hệ thống để được cấp api_key",
        "endpoints": [
            {
                "specification": SPEC,
                "url": f"{base}/open311/v2",
                "changeset": "2026-11-26T00:00:00Z",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return _answer(fmt, lambda: formats.render(fmt, body, root="discovery", item=None))


@router.get("/v2/services.{fmt}", summary="Open311: danh sách lĩnh vực (services)")
def services(fmt: str, hub: HubDep, jurisdiction_id: str | None = None) -> Response:
    def produce() -> Response:
        service.check_jurisdiction(hub.settings, jurisdiction_id)
        body = service.services(feedback_config(hub))
        return formats.render(fmt, body, root="services", item="service")

    return _answer(fmt, produce)


@router.get("/v2/services/{service_code}.{fmt}", summary="Open311: định nghĩa một lĩnh vực")
def definition(service_code: str, fmt: str, hub: HubDep, jurisdiction_id: str | None = None) -> Response:
    def produce() -> Response:
        service.check_jurisdiction(hub.settings, jurisdiction_id)
        body = service.definition(feedback_config(hub), service_code)
        return formats.render(fmt, body, root="service_definition", item=None)

    return _answer(fmt, produce)


@router.post("/v2/requests.{fmt}", summary="Open311: gửi phản ánh (service request)")
async def create_request(fmt: str, request: Request, hub: HubDep) -> Response:
    try:
        form = await request.form()
    except Exception:  # a body that is not a form
        return formats.error(fmt, 400, "Nội dung gửi lên phải là biểu mẫu (application/x-www-form-urlencoded).")
    try:
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        media = [
            Upload(await v.read(), v.filename or "media") for _, v in form.multi_items() if isinstance(v, UploadFile)
        ]
    finally:
        await form.close()
    address = client_address(request)

    def produce() -> Response:
        filed = _file(hub, service.Filing(fields, media), address)
        body = [
            {
                "service_request_id": filed.case.code,
                "token": filed.case.access_key,
                "service_notice": f"Đơn vị xử lý: {filed.case.unit_name}. "
                f"Hạn trả lời: {format_local(filed.case.due_at)}.",
                "account_id": None,
            }
        ]
        return formats.render(fmt, body, root="service_requests", item="request")

    return await run_in_threadpool(_answer, fmt, produce)


def _file(hub: Hub, filing: service.Filing, address: str):
    config = feedback_config(hub)
    store = AttachmentStore.from_settings(hub.settings)
    with hub.database.uow() as uow:
        filed = service.file(uow, hub.settings, config, store, filing, address)
        uow.commit()  # stored before the application is told the request id
    return filed


def _date(name: str, raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidInput(
            f"“{name}” phải theo ISO 8601, ví dụ 2026-11-26T07:30:00+07:00.", code="date_invalid"
        ) from exc


@router.get("/v2/requests.{fmt}", summary="Open311: tra cứu phản ánh (thông tin công khai)")
def list_requests(
    fmt: str,
    hub: HubDep,
    jurisdiction_id: str | None = None,
    service_request_id: str | None = None,
    service_code: str | None = None,
    start_date: str | None = None,
    end_date: str | None = None,
    status: str | None = None,
) -> Response:
    def produce() -> Response:
        service.check_jurisdiction(hub.settings, jurisdiction_id)
        ids = [i.strip() for i in (service_request_id or "").split(",") if i.strip()]
        start, end = _date("start_date", start_date), _date("end_date", end_date)
        body = _read(
            hub,
            lambda uow: service.search(
                uow,
                feedback_config(hub),
                ids=ids,
                service_codes=[c.strip() for c in (service_code or "").split(",") if c.strip()],
                start=start,
                end=end,
                states=(status or "").split(","),
            ),
        )
        return formats.render(fmt, body, root="service_requests", item="request")

    return _answer(fmt, produce)


@router.get("/v2/requests/{request_id}.{fmt}", summary="Open311: một phản ánh (kèm token: cả trả lời)")
def get_request(
    request_id: str, fmt: str, hub: HubDep, jurisdiction_id: str | None = None, token: str | None = None
) -> Response:
    def produce() -> Response:
        service.check_jurisdiction(hub.settings, jurisdiction_id)
        config = feedback_config(hub)
        body = _read(hub, lambda uow: [service.request_view(uow, config, service.find(uow, request_id), token=token)])
        return formats.render(fmt, body, root="service_requests", item="request")

    return _answer(fmt, produce)


@router.get("/v2/tokens/{token}.{fmt}", summary="Open311: mã phản ánh từ token")
def resolve_token(token: str, fmt: str, hub: HubDep, jurisdiction_id: str | None = None) -> Response:
    def produce() -> Response:
        service.check_jurisdiction(hub.settings, jurisdiction_id)
        case = _read(hub, lambda uow: uow.cases.get_by_access_key(token))
        if case is None:
            raise NotFound("Không có phản ánh ứng với token này.", code="token_unknown")
        body = [{"service_request_id": case.code, "token": token}]
        return formats.render(fmt, body, root="service_requests", item="request")

    return _answer(fmt, produce)
