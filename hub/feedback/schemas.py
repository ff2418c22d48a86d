"""API shapes of feedback cases (officials) and of the citizen's side (web intake, status)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from hub.areas.model import Area
from hub.areas.schemas import AreaRef
from hub.contacts.model import CHANNEL_LABELS
from hub.feedback.citizen_view import PublicStatus
from hub.feedback.config import FeedbackConfig
from hub.feedback.model import (
    ANSWER_MAX,
    CLASSIFICATION_LABELS,
    REASON_MAX,
    STATUS_LABELS,
    Case,
    CaseEvent,
    Classification,
    Route,
    Status,
)
from hub.feedback.privacy import ContactView
from hub.feedback.repository import Listed
from hub.feedback.service import Similar
from hub.feedback.views import CaseDetail
from hub.kit.time import utcnow
from hub.messaging.model import DELIVERY_LABELS, DONE, Delivery, Message

EXCERPT = 160


class CaseSummary(BaseModel):
    code: str
    status: Status
    status_label: str
    category: str
    category_label: str
    classification: Classification
    classification_label: str
    channel: str
    channel_label: str
    area: AreaRef
    unit: AreaRef
    unit_name: str
    assignee: str | None
    received_at: datetime
    due_at: datetime
    answered_at: datetime | None
    overdue: bool
    escalated_at: datetime | None
    reporters: int = Field(description="Số người đã phản ánh cùng nội dung (kể cả các phản ánh đã gộp).")
    excerpt: str

    @classmethod
    def of(
        cls, item: Listed | Case, config: FeedbackConfig, areas: dict[int, Area], usernames: dict[int, str]
    ) -> CaseSummary:
        status = Status(item.status)
        return cls(
            code=item.code or "",
            status=status,
            status_label=STATUS_LABELS[status],
            category=item.category,
            category_label=config.categories.get(item.category).label,
            classification=Classification(item.classification),
            classification_label=CLASSIFICATION_LABELS[Classification(item.classification)],
            channel=item.channel,
            channel_label=CHANNEL_LABELS.get(item.channel, item.channel),
            area=AreaRef.of(areas[item.area_id]),
            unit=AreaRef.of(areas[item.unit_area_id]),
            unit_name=item.unit_name,
            assignee=usernames.get(item.assignee_id) if item.assignee_id else None,
            received_at=item.received_at,
            due_at=item.due_at,
            answered_at=item.answered_at,
            overdue=status in ("received", "assigned", "in_progress", "forwarded") and item.due_at < utcnow(),
            escalated_at=item.escalated_at,
            reporters=item.reporters,
            excerpt=item.text[:EXCERPT] + ("…" if len(item.text) > EXCERPT else ""),
        )


class EventOut(BaseModel):
    at: datetime
    actor: str
    channel: str
    action: str
    from_status: str | None
    to_status: str | None
    note: str
    public: bool

    @classmethod
    def of(cls, e: CaseEvent) -> EventOut:
        return cls.model_validate(e, from_attributes=True)


class ContactOut(BaseModel):
    channel: str
    channel_label: str
    name: str
    phone: str | None = Field(description="Che bớt số (0905***456) với vai trò không được xem đầy đủ.")
    phone_masked: bool
    consent: bool
    anonymised: bool

    @classmethod
    def of(cls, view: ContactView | None) -> ContactOut | None:
        return None if view is None else cls.model_validate(view, from_attributes=True)


class AttachmentOut(BaseModel):
    id: int
    kind: str
    media_type: str
    size: int
    url: str | None
    removed: bool


class SentOut(BaseModel):
    id: int
    kind: str
    channel: str
    text: str
    status: Delivery
    status_label: str
    note: str = Field("", description="Đường gửi và lý do (ví dụ: ngoài khung 7 ngày của Zalo, đã gửi qua SMS).")
    created_at: datetime
    sent_at: datetime | None

    @classmethod
    def of(cls, m: Message) -> SentOut:
        return cls(
            id=m.id,
            kind=str(m.kind),
            channel=m.channel,
            text=m.text,
            status=Delivery(m.status),
            status_label=DELIVERY_LABELS[Delivery(m.status)],
            note=m.last_error if Delivery(m.status) in DONE else "",
            created_at=m.created_at,
            sent_at=m.sent_at,
        )


class CaseOut(CaseSummary):
    text: str
    transcript: str
    audio_ref: str | None
    recording_url: str | None = Field(None, description="Bản ghi âm (phản ánh qua tổng đài), dạng WAV.")
    incomplete: bool
    suggested_classification: Classification
    classification_confirmed: bool
    status_reason: str
    forwarded_to: str
    merged_into: str | None
    merged: list[str]
    answer_text: str
    answered_by: str | None
    answer_bulletin_id: int | None
    address: str
    lat: float | None
    lon: float | None
    contact: ContactOut | None
    attachments: list[AttachmentOut]
    timeline: list[EventOut]
    messages: list[SentOut] = Field(description="Tin đã gửi cho người phản ánh về phản ánh này.")

    @classmethod
    def build(cls, d: CaseDetail, config: FeedbackConfig) -> CaseOut:
        c = d.case
        areas = {c.area_id: d.area, c.unit_area_id: d.unit_area}
        summary = CaseSummary.of(c, config, areas, d.usernames).model_dump()
        return cls(
            **summary,
            text=c.text,
            transcript=c.transcript,
            audio_ref=c.audio_ref,
            recording_url=f"/api/v1/feedback/{c.code}/recording" if c.audio_ref else None,
            incomplete=c.incomplete,
            suggested_classification=Classification(c.suggested_classification),
            classification_confirmed=c.classification_confirmed,
            status_reason=c.status_reason,
            forwarded_to=c.forwarded_to,
            merged_into=d.merged_into,
            merged=d.merged,
            answer_text=c.answer_text,
            answered_by=d.usernames.get(c.answered_by_id) if c.answered_by_id else None,
            answer_bulletin_id=c.answer_bulletin_id,
            address=c.address,
            lat=c.lat,
            lon=c.lon,
            contact=ContactOut.of(d.contact),
            attachments=[
                AttachmentOut(
                    id=a.id,
                    kind=a.kind,
                    media_type=a.media_type,
                    size=a.size,
                    url=None
                    if a.removed_at
                    else (a.ref if a.kind == "link" else f"/api/v1/feedback/attachments/{a.id}"),
                    removed=a.removed_at is not None,
                )
                for a in c.attachments
            ],
            timeline=[EventOut.of(e) for e in c.events],
            messages=[SentOut.of(m) for m in d.messages],
        )


class SimilarOut(BaseModel):
    code: str
    status: str
    status_label: str
    score: float = Field(description="Mức giống nhau 0–1.")
    reporters: int
    received_at: datetime
    excerpt: str

    @classmethod
    def of(cls, s: Similar) -> SimilarOut:
        return cls(
            code=s.code,
            status=s.status,
            status_label=STATUS_LABELS[Status(s.status)],
            score=s.score,
            reporters=s.reporters,
            received_at=s.received_at,
            excerpt=s.excerpt,
        )


class AssignIn(BaseModel):
    username: str | None = Field(None, description="Cán bộ được giao; mặc định là chính bạn.")


class AnswerIn(BaseModel):
    text: str = Field(min_length=1, max_length=ANSWER_MAX)
    publish: bool = Field(False, description="Soạn luôn thành tin (chờ duyệt) để phát trên loa, bảng tin.")


class ForwardIn(BaseModel):
    reason: str = Field(min_length=1, max_length=REASON_MAX)
    area_code: str | None = Field(None, description="Chuyển cho địa bàn khác trong hệ thống.")
    unit: str | None = Field(None, max_length=200, description="…hoặc cho một cơ quan bên ngoài hệ thống.")


class ReasonIn(BaseModel):
    reason: str = Field(min_length=1, max_length=REASON_MAX)


class MergeIn(BaseModel):
    into: str = Field(description="Mã phản ánh cùng nội dung sẽ tiếp tục được xử lý.")


class ClassifyIn(BaseModel):
    classification: Classification


class RouteIn(BaseModel):
    area_code: str
    category: str | None = Field(None, description="Để trống: mọi lĩnh vực.")
    unit_area_code: str = Field(description="Địa bàn có cán bộ xử lý.")
    unit_name: str = Field("", max_length=200, description="Tên đơn vị người dân thấy, ví dụ “Công an xã”.")


class RouteOut(BaseModel):
    id: int
    area_code: str
    category: str | None
    unit_area_code: str
    unit_name: str
    created_by: str
    created_at: datetime

    @classmethod
    def of(cls, r: Route, codes: dict[int, str]) -> RouteOut:
        return cls(
            id=r.id,
            area_code=codes[r.area_id],
            category=r.category,
            unit_area_code=codes[r.unit_area_id],
            unit_name=r.unit_name,
            created_by=r.created_by,
            created_at=r.created_at,
        )


class CategoryOut(BaseModel):
    code: str
    label: str
    days: int = Field(description="Số ngày làm việc để trả lời.")
    anonymous: bool = Field(description="Có nhận phản ánh không để lại họ tên, số điện thoại không.")
    description: str


# -- the citizen's side ----------------------------------------------------------------------------


class FiledOut(BaseModel):
    code: str
    token: str = Field(description="Mã bí mật để xem trả lời; chỉ người gửi giữ.")
    sender: str
    status: Status
    status_label: str
    unit_name: str
    due_at: datetime
    repeated: bool = Field(description="Phản ánh này bạn vừa gửi rồi; đây là mã của lần gửi trước.")
    message: str


class PublicEventOut(BaseModel):
    at: datetime
    label: str
    note: str


class PublicStatusOut(BaseModel):
    code: str
    status: str
    status_label: str
    category_label: str
    area_name: str
    unit_name: str
    received_at: datetime
    due_at: datetime
    updated_at: datetime
    overdue: bool
    reporters: int
    merged_into: str | None
    is_reporter: bool
    answer: str | None
    answered_at: datetime | None
    reason: str | None
    forwarded_to: str | None
    timeline: list[PublicEventOut]

    @classmethod
    def of(cls, s: PublicStatus) -> PublicStatusOut:
        return cls.model_validate(s, from_attributes=True)
