"""HTTP: an official's notices, and the web channel's pick-up of messages by the browser's id."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from hub.http.deps import CurrentPrincipal, WriteUow
from hub.http.params import INT64_MAX, Id
from hub.messaging import service
from hub.messaging.model import DELIVERY_LABELS, Delivery, Kind, Message

router = APIRouter(tags=["messages"])


class MessageOut(BaseModel):
    id: int
    kind: Kind
    text: str
    choices: list[str]
    reference: str
    status: Delivery
    status_label: str
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def of(cls, m: Message) -> MessageOut:
        return cls(
            id=m.id,
            kind=m.kind,
            text=m.text,
            choices=list(m.choices),
            reference=m.reference,
            status=m.status,
            status_label=DELIVERY_LABELS[Delivery(m.status)],
            created_at=m.created_at,
            read_at=m.read_at,
        )


@router.get("/api/v1/notifications", response_model=list[MessageOut], summary="Thông báo gửi cho cán bộ")
def notifications(
    uow: WriteUow,
    principal: CurrentPrincipal,
    unread: Annotated[bool, Query(description="Chỉ thông báo chưa đọc.")] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[MessageOut]:
    return [MessageOut.of(m) for m in service.inbox(uow, principal, unread_only=unread, limit=limit)]


@router.post("/api/v1/notifications/{message_id}/read", response_model=MessageOut, summary="Đánh dấu đã đọc")
def read(message_id: Id, uow: WriteUow, principal: CurrentPrincipal) -> MessageOut:
    return MessageOut.of(service.mark_read(uow, principal, message_id))


@router.get(
    "/api/v1/public/messages",
    response_model=list[MessageOut],
    summary="Tin nhắn gửi tới người dân trên trang web (theo mã trình duyệt)",
)
def web_messages(
    uow: WriteUow,
    sender: Annotated[str, Query(min_length=16, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")],
    after: Annotated[int, Query(ge=0, le=INT64_MAX, description="Chỉ tin sau tin số này.")] = 0,
) -> list[MessageOut]:
    return [MessageOut.of(m) for m in service.web_mailbox(uow, sender, after_id=after)]
