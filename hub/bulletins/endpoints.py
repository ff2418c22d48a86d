"""HTTP endpoints of bulletins: thin wrappers over `hub.bulletins.service`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from hub.audit.schemas import AuditOut
from hub.bulletins import service
from hub.bulletins.categories import CATEGORIES, Category
from hub.bulletins.model import PRIORITY_LABELS, STATUS_LABELS, Bulletin, Priority, Status
from hub.bulletins.schemas import (
    ApproveIn,
    BulletinIn,
    BulletinOut,
    BulletinPatch,
    BulletinSummary,
    HistoryOut,
    ReasonIn,
    RevisionOut,
    Vocabulary,
)
from hub.db.uow import UnitOfWork
from hub.http.deps import CurrentPrincipal, ReadUow, WriteUow
from hub.http.paging import Limit, Offset, Page
from hub.http.params import Id

router = APIRouter(prefix="/api/v1", tags=["bulletins"])


def _out(uow: UnitOfWork, bulletin: Bulletin) -> BulletinOut:
    return BulletinOut.build(bulletin, service.areas_of(uow, bulletin))


@router.get("/vocabulary", response_model=Vocabulary, summary="Lĩnh vực, mức ưu tiên, trạng thái (nhãn tiếng Việt)")
def vocabulary() -> Vocabulary:
    return Vocabulary(
        categories={c.value: info.label for c, info in CATEGORIES.items()},
        priorities={p.value: label for p, label in PRIORITY_LABELS.items()},
        statuses={s.value: label for s, label in STATUS_LABELS.items()},
    )


@router.get("/bulletins", response_model=Page[BulletinSummary], summary="Danh sách tin trong phạm vi của bạn")
def list_bulletins(
    uow: ReadUow,
    principal: CurrentPrincipal,
    area: Annotated[str | None, Query(description="Mã địa bàn: tin gửi tới địa bàn này hoặc địa bàn con.")] = None,
    status_: Annotated[list[Status] | None, Query(alias="status")] = None,
    category: Annotated[list[Category] | None, Query()] = None,
    priority: Annotated[list[Priority] | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=200, description="Tìm trong tiêu đề và nội dung, không cần dấu.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[BulletinSummary]:
    page = service.list_bulletins(
        uow,
        principal,
        area_code=area,
        statuses=tuple(s.value for s in status_ or ()),
        categories=tuple(c.value for c in category or ()),
        priorities=tuple(p.value for p in priority or ()),
        text=q or "",
        limit=limit,
        offset=offset,
    )
    return Page(
        items=[BulletinSummary.of(b) for b in page.items], total=page.total, limit=page.limit, offset=page.offset
    )


@router.post("/bulletins", response_model=BulletinOut, status_code=status.HTTP_201_CREATED, summary="Soạn tin mới")
def create_bulletin(body: BulletinIn, uow: WriteUow, principal: CurrentPrincipal) -> BulletinOut:
    return _out(uow, service.create(uow, principal, body.content(), body.creating_area_code))


@router.post(
    "/bulletins/emergency",
    response_model=BulletinOut,
    status_code=status.HTTP_201_CREATED,
    summary="Phát tin khẩn cấp ngay (người duyệt: soạn, duyệt và phát trong một bước)",
)
def issue_emergency(body: BulletinIn, uow: WriteUow, principal: CurrentPrincipal) -> BulletinOut:
    content = body.model_copy(update={"priority": Priority.EMERGENCY}).content()
    return _out(uow, service.issue_emergency(uow, principal, content, body.creating_area_code))


@router.get("/bulletins/{bulletin_id}", response_model=BulletinOut)
def get_bulletin(bulletin_id: Id, uow: ReadUow, principal: CurrentPrincipal) -> BulletinOut:
    return _out(uow, service.get(uow, principal, bulletin_id))


@router.patch("/bulletins/{bulletin_id}", response_model=BulletinOut, summary="Sửa tin (tin đã duyệt cần duyệt lại)")
def edit_bulletin(bulletin_id: Id, body: BulletinPatch, uow: WriteUow, principal: CurrentPrincipal) -> BulletinOut:
    current = service.get(uow, principal, bulletin_id)
    return _out(uow, service.edit(uow, principal, bulletin_id, body.apply_to(current)))


@router.post("/bulletins/{bulletin_id}/submit", response_model=BulletinOut, summary="Gửi duyệt")
def submit(bulletin_id: Id, uow: WriteUow, principal: CurrentPrincipal) -> BulletinOut:
    return _out(uow, service.submit(uow, principal, bulletin_id))


@router.post("/bulletins/{bulletin_id}/approve", response_model=BulletinOut, summary="Duyệt tin")
def approve(bulletin_id: Id, uow: WriteUow, principal: CurrentPrincipal, body: ApproveIn | None = None) -> BulletinOut:
    expected = body.expected_revision if body else None
    return _out(uow, service.approve(uow, principal, bulletin_id, expected_revision=expected))


@router.post("/bulletins/{bulletin_id}/reject", response_model=BulletinOut, summary="Từ chối (cần lý do)")
def reject(bulletin_id: Id, body: ReasonIn, uow: WriteUow, principal: CurrentPrincipal) -> BulletinOut:
    return _out(uow, service.reject(uow, principal, bulletin_id, body.reason))


@router.post("/bulletins/{bulletin_id}/publish", response_model=BulletinOut, summary="Phát hành ngay")
def publish(bulletin_id: Id, uow: WriteUow, principal: CurrentPrincipal) -> BulletinOut:
    return _out(uow, service.publish(uow, principal, bulletin_id))


@router.post("/bulletins/{bulletin_id}/withdraw", response_model=BulletinOut, summary="Thu hồi (cần lý do)")
def withdraw(bulletin_id: Id, body: ReasonIn, uow: WriteUow, principal: CurrentPrincipal) -> BulletinOut:
    return _out(uow, service.withdraw(uow, principal, bulletin_id, body.reason))


@router.get("/bulletins/{bulletin_id}/history", response_model=HistoryOut, summary="Các phiên bản và nhật ký")
def history(bulletin_id: Id, uow: ReadUow, principal: CurrentPrincipal) -> HistoryOut:
    found = service.history(uow, principal, bulletin_id)
    return HistoryOut(
        bulletin_id=bulletin_id,
        revisions=[RevisionOut.of(r, found.usernames) for r in found.revisions],
        events=[AuditOut.of(e) for e in found.events],
    )
