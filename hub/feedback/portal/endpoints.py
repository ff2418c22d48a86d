"""HTTP for citizens, no login: file feedback from the web page, check a case by its code."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile, status

from hub.feedback import citizen_view
from hub.feedback.config import feedback_config
from hub.feedback.intake.attachments import AttachmentStore, Upload
from hub.feedback.model import STATUS_LABELS, Status
from hub.feedback.portal import filing as web
from hub.feedback.schemas import FiledOut, PublicStatusOut
from hub.http.client import client_address
from hub.http.deps import HubDep, ReadUow, WriteUow
from hub.kit.time import format_local

router = APIRouter(prefix="/api/v1/public", tags=["citizens"])


def address_of(request: Request) -> str:
    return client_address(request)


@router.post(
    "/feedback",
    response_model=FiledOut,
    status_code=status.HTTP_201_CREATED,
    summary="Gửi phản ánh, kiến nghị từ trang web (không cần đăng nhập)",
)
def file_feedback(
    request: Request,
    hub: HubDep,
    uow: WriteUow,
    text: Annotated[str, Form(max_length=100_000, description="Việc gì đang xảy ra, ở đâu.")] = "",
    area_code: Annotated[str | None, Form(description="Mã xã, phường hoặc thôn.")] = None,
    category: Annotated[str | None, Form(description="Lĩnh vực; mặc định “Khác”.")] = None,
    sender: Annotated[
        str | None,
        Form(min_length=16, max_length=128, pattern=r"^[A-Za-z0-9_-]+$", description="Mã của trình duyệt."),
    ] = None,
    name: Annotated[str | None, Form(max_length=200)] = None,
    phone: Annotated[str | None, Form(max_length=32)] = None,
    consent: Annotated[bool, Form(description="Đồng ý lưu họ tên, số điện thoại.")] = False,
    share_location: Annotated[
        bool, Form(description="Giữ vị trí chụp (GPS) trong ảnh; không thì vị trí bị xóa khỏi ảnh.")
    ] = False,
    photos: Annotated[list[UploadFile] | None, File(description="Ảnh JPEG, PNG, GIF, WebP.")] = None,
) -> FiledOut:
    form = web.WebFeedback(
        text=text,
        area_code=area_code or None,
        category=category or None,
        sender=sender,
        name=name,
        phone=phone,
        consent=consent,
        share_location=share_location,
        images=[Upload(p.file.read(), p.filename or "") for p in photos or ()],
    )
    config = feedback_config(hub)
    filed, sender_id = web.file_web(uow, config, AttachmentStore.from_settings(hub.settings), form, address_of(request))
    # The request's unit of work commits before this response is sent: stored before the code is told.
    case = filed.case
    return FiledOut(
        code=case.code or "",
        token=case.access_key,
        sender=sender_id,
        status=Status(case.status),
        status_label=STATUS_LABELS[Status(case.status)],
        unit_name=case.unit_name,
        due_at=case.due_at,
        repeated=not filed.created,
        message=(
            f"Đã tiếp nhận phản ánh của bạn. Mã phản ánh: {case.code}. Đơn vị xử lý: {case.unit_name}. "
            f"Hạn trả lời: {format_local(case.due_at)}. Hãy giữ mã này để tra cứu kết quả."
        ),
    )


@router.get("/feedback/{code}", response_model=PublicStatusOut, summary="Tra cứu phản ánh theo mã")
def case_status(
    code: str,
    uow: ReadUow,
    hub: HubDep,
    token: Annotated[str | None, Query(max_length=64, description="Mã bí mật nhận khi gửi: xem cả trả lời.")] = None,
) -> PublicStatusOut:
    return PublicStatusOut.of(citizen_view.status(uow, feedback_config(hub), code, key=token))
