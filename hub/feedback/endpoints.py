"""HTTP endpoints for officials: thin wrappers over `hub.feedback.service` and its read models."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status
from fastapi.responses import FileResponse, Response

from hub.accounts.model import Principal
from hub.db.uow import UnitOfWork
from hub.feedback import privacy, publishing, service, views
from hub.feedback.config import FeedbackConfig, feedback_config
from hub.feedback.intake.attachments import AttachmentStore
from hub.feedback.model import Classification, Status
from hub.feedback.routing import rules
from hub.feedback.schemas import (
    AnswerIn,
    AssignIn,
    CaseOut,
    CaseSummary,
    CategoryOut,
    ClassifyIn,
    ForwardIn,
    MergeIn,
    ReasonIn,
    RouteIn,
    RouteOut,
    SimilarOut,
)
from hub.http.deps import CurrentPrincipal, HubDep, ReadUow, WriteUow
from hub.http.paging import Limit, Offset, Page
from hub.http.params import Id, QueryId

router = APIRouter(prefix="/api/v1", tags=["feedback"])


def _config(hub: HubDep) -> FeedbackConfig:
    return feedback_config(hub)


Config = Annotated[FeedbackConfig, Depends(_config)]


def _out(uow: UnitOfWork, principal: Principal, config: FeedbackConfig, code: str | None) -> CaseOut:
    assert code is not None, "a stored case has its code"
    return CaseOut.build(views.detail(uow, principal, code), config)


def _filters(
    area: Annotated[str | None, Query(description="Mã địa bàn: phản ánh ở địa bàn này và các địa bàn con.")] = None,
    status_: Annotated[list[Status] | None, Query(alias="status")] = None,
    category: Annotated[list[str] | None, Query()] = None,
    classification: Annotated[list[Classification] | None, Query()] = None,
    overdue: Annotated[bool, Query(description="Chỉ phản ánh quá hạn chưa trả lời.")] = False,
    mine: Annotated[bool, Query(description="Chỉ phản ánh giao cho bạn.")] = False,
    q: Annotated[str | None, Query(max_length=200, description="Tìm trong nội dung, không cần dấu.")] = None,
    received_from: Annotated[datetime | None, Query()] = None,
    received_to: Annotated[datetime | None, Query()] = None,
) -> dict[str, Any]:
    return {
        "area_code": area,
        "statuses": tuple(s.value for s in status_ or ()),
        "categories": tuple(category or ()),
        "classifications": tuple(c.value for c in classification or ()),
        "overdue": overdue,
        "mine": mine,
        "text": q or "",
        "received_from": received_from,
        "received_to": received_to,
    }


Filters = Annotated[dict[str, Any], Depends(_filters)]


@router.get("/feedback/categories", response_model=list[CategoryOut], summary="Lĩnh vực phản ánh và thời hạn")
def categories(config: Config) -> list[CategoryOut]:
    return [
        CategoryOut(code=c.code, label=c.label, days=c.days, anonymous=c.anonymous, description=c.description)
        for c in config.categories
    ]


@router.get("/feedback", response_model=Page[CaseSummary], summary="Danh sách phản ánh trong phạm vi của bạn")
def list_cases(
    uow: ReadUow, principal: CurrentPrincipal, config: Config, filters: Filters, limit: Limit = 50, offset: Offset = 0
) -> Page[CaseSummary]:
    page = service.list_cases(uow, principal, limit=limit, offset=offset, **filters)
    areas, usernames = views.names_for(uow, page.items)
    return Page(
        items=[CaseSummary.of(i, config, areas, usernames) for i in page.items],
        total=page.total,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/feedback/export.csv",
    summary="Xuất danh sách phản ánh (CSV; số điện thoại che theo vai trò)",
    response_class=Response,
    responses={200: {"description": "Tệp CSV (UTF-8)", "content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def export(uow: ReadUow, principal: CurrentPrincipal, config: Config, filters: Filters) -> Response:
    body = views.export_csv(uow, config, principal, **filters)
    headers = {"Content-Disposition": 'attachment; filename="phan-anh.csv"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/feedback/routes", response_model=list[RouteOut], summary="Quy tắc chuyển phản ánh")
def list_routes(uow: ReadUow, principal: CurrentPrincipal) -> list[RouteOut]:
    found = rules.list_routes(uow, principal)
    areas = uow.areas.by_ids({r.area_id for r in found} | {r.unit_area_id for r in found})
    codes = {i: a.code for i, a in areas.items()}
    return [RouteOut.of(r, codes) for r in found]


@router.post("/feedback/routes", response_model=RouteOut, status_code=status.HTTP_201_CREATED, summary="Thêm quy tắc")
def add_route(body: RouteIn, uow: WriteUow, principal: CurrentPrincipal, config: Config) -> RouteOut:
    route = rules.add_route(
        uow, config, principal, body.area_code, body.unit_area_code, category=body.category, unit_name=body.unit_name
    )
    return RouteOut.of(route, {route.area_id: body.area_code, route.unit_area_id: body.unit_area_code})


@router.delete("/feedback/routes/{route_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Xóa quy tắc")
def remove_route(route_id: Id, uow: WriteUow, principal: CurrentPrincipal) -> None:
    rules.remove_route(uow, principal, route_id)


@router.get("/feedback/attachments/{attachment_id}", summary="Ảnh người dân gửi kèm", response_class=FileResponse)
def attachment(attachment_id: Id, uow: ReadUow, principal: CurrentPrincipal, hub: HubDep) -> FileResponse:
    found = views.attachment(uow, principal, attachment_id)
    return FileResponse(AttachmentStore.from_settings(hub.settings).path(found.ref), media_type=found.media_type)


@router.get("/feedback/{code}", response_model=CaseOut, summary="Một phản ánh, với diễn biến xử lý")
def get_case(code: str, uow: ReadUow, principal: CurrentPrincipal, config: Config) -> CaseOut:
    return _out(uow, principal, config, code)


@router.get("/feedback/{code}/similar", response_model=list[SimilarOut], summary="Phản ánh tương tự (có thể trùng)")
def similar(code: str, uow: ReadUow, principal: CurrentPrincipal) -> list[SimilarOut]:
    return [SimilarOut.of(s) for s in service.similar(uow, principal, code)]


@router.post("/feedback/{code}/assign", response_model=CaseOut, summary="Giao xử lý")
def assign(
    code: str, uow: WriteUow, principal: CurrentPrincipal, config: Config, body: AssignIn | None = None
) -> CaseOut:
    case = service.assign(uow, principal, code, body.username if body else None)
    return _out(uow, principal, config, case.code)


@router.post("/feedback/{code}/start", response_model=CaseOut, summary="Bắt đầu xử lý")
def start(code: str, uow: WriteUow, principal: CurrentPrincipal, config: Config) -> CaseOut:
    return _out(uow, principal, config, service.start(uow, principal, code).code)


@router.post("/feedback/{code}/answer", response_model=CaseOut, summary="Trả lời người dân (gửi về kênh họ đã dùng)")
def answer(code: str, body: AnswerIn, uow: WriteUow, principal: CurrentPrincipal, config: Config) -> CaseOut:
    case = service.answer(uow, principal, code, body.text)
    if body.publish:
        publishing.publish_answer(uow, config, principal, code)
    return _out(uow, principal, config, case.code)


@router.post("/feedback/{code}/publish", response_model=CaseOut, summary="Soạn trả lời thành tin (chờ duyệt)")
def publish(code: str, uow: WriteUow, principal: CurrentPrincipal, config: Config) -> CaseOut:
    publishing.publish_answer(uow, config, principal, code)
    return _out(uow, principal, config, code)


@router.post("/feedback/{code}/forward", response_model=CaseOut, summary="Chuyển địa bàn, đơn vị khác (báo người dân)")
def forward(code: str, body: ForwardIn, uow: WriteUow, principal: CurrentPrincipal, config: Config) -> CaseOut:
    case = service.forward(uow, config, principal, code, body.reason, area_code=body.area_code, unit=body.unit)
    return _out(uow, principal, config, case.code)


@router.post("/feedback/{code}/reject", response_model=CaseOut, summary="Từ chối (cần lý do, báo người dân)")
def reject(code: str, body: ReasonIn, uow: WriteUow, principal: CurrentPrincipal, config: Config) -> CaseOut:
    return _out(uow, principal, config, service.reject(uow, principal, code, body.reason).code)


@router.post("/feedback/{code}/merge", response_model=CaseOut, summary="Gộp vào phản ánh cùng nội dung")
def merge(code: str, body: MergeIn, uow: WriteUow, principal: CurrentPrincipal, config: Config) -> CaseOut:
    return _out(uow, principal, config, service.merge(uow, principal, code, body.into).code)


@router.post("/feedback/{code}/close", response_model=CaseOut, summary="Kết thúc")
def close(code: str, uow: WriteUow, principal: CurrentPrincipal, config: Config) -> CaseOut:
    return _out(uow, principal, config, service.close(uow, principal, code).code)


@router.post("/feedback/{code}/classification", response_model=CaseOut, summary="Xác nhận phân loại")
def classify(code: str, body: ClassifyIn, uow: WriteUow, principal: CurrentPrincipal, config: Config) -> CaseOut:
    case = service.confirm_classification(uow, config, principal, code, body.classification)
    return _out(uow, principal, config, case.code)


@router.get("/privacy/export", summary="Xuất toàn bộ dữ liệu của một người dân (quản trị cấp tỉnh)")
def export_citizen(
    uow: WriteUow,
    principal: CurrentPrincipal,
    contact_id: QueryId | None = None,
    phone: str | None = None,
    channel: str | None = None,
    sender: Annotated[str | None, Query(description="Định danh của người dân trên kênh.")] = None,
) -> dict[str, Any]:
    return privacy.export_citizen(
        uow, principal, contact_id=contact_id, phone=phone, channel=channel, channel_user_id=sender
    )
