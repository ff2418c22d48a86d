"""API shapes of bulletins."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from hub.areas.model import Area
from hub.areas.schemas import AreaRef
from hub.audit.schemas import AuditOut
from hub.bulletins.categories import CATEGORIES, Category
from hub.bulletins.model import (
    BODY_MAX,
    PRIORITY_LABELS,
    REASON_MAX,
    STATUS_LABELS,
    SUMMARY_MAX,
    TITLE_MAX,
    Bulletin,
    Content,
    Priority,
    Revision,
    Status,
    Variant,
)
from hub.bulletins.repository import Listed
from hub.http.params import INT64_MAX
from hub.kit.time import utcnow


class VariantIn(BaseModel):
    lang: str = Field(min_length=2, max_length=16, description="Mã ngôn ngữ, ví dụ `ede` (Ê Đê), `mnong`.")
    title: str = Field(max_length=TITLE_MAX)
    body: str = Field(max_length=BODY_MAX)


class BulletinIn(BaseModel):
    title: str = Field(max_length=TITLE_MAX)
    body: str = Field(max_length=BODY_MAX)
    summary: str = Field("", max_length=SUMMARY_MAX)
    category: Category
    priority: Priority = Priority.NORMAL
    valid_from: datetime | None = Field(None, description="Bắt đầu hiệu lực; mặc định là ngay bây giờ.")
    valid_until: datetime | None = None
    target_codes: list[str] = Field(min_length=1, max_length=500, description="Mã các địa bàn nhận tin.")
    creating_area_code: str | None = Field(None, description="Đơn vị ban hành; mặc định là địa bàn của bạn.")
    variants: list[VariantIn] = Field(default_factory=list)

    def content(self) -> Content:
        from hub.kit.time import as_utc

        return Content(
            title=self.title,
            body=self.body,
            summary=self.summary,
            category=self.category,
            priority=self.priority,
            valid_from=as_utc(self.valid_from) if self.valid_from else utcnow(),
            valid_until=as_utc(self.valid_until) if self.valid_until else None,
            target_codes=tuple(self.target_codes),
            variants=tuple(Variant(v.lang, v.title, v.body) for v in self.variants),
        )


class BulletinPatch(BaseModel):
    """Only the fields given change."""

    title: str | None = Field(None, max_length=TITLE_MAX)
    body: str | None = Field(None, max_length=BODY_MAX)
    summary: str | None = Field(None, max_length=SUMMARY_MAX)
    category: Category | None = None
    priority: Priority | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    target_codes: list[str] | None = Field(None, min_length=1, max_length=500)
    variants: list[VariantIn] | None = None

    def apply_to(self, bulletin: Bulletin) -> Content:
        from hub.kit.time import as_utc

        given = self.model_fields_set
        variants = (
            tuple(Variant(v.lang, v.title, v.body) for v in self.variants)
            if self.variants is not None
            else tuple(bulletin.variants)
        )
        return Content(
            title=self.title if self.title is not None else bulletin.title,
            body=self.body if self.body is not None else bulletin.body,
            summary=self.summary if self.summary is not None else bulletin.summary,
            category=self.category or Category(bulletin.category),
            priority=self.priority or Priority(bulletin.priority),
            valid_from=as_utc(self.valid_from) if self.valid_from else bulletin.valid_from,
            valid_until=(as_utc(self.valid_until) if self.valid_until else None)
            if "valid_until" in given
            else bulletin.valid_until,
            target_codes=tuple(self.target_codes) if self.target_codes else tuple(bulletin.target_codes),
            variants=variants,
        )


class ReasonIn(BaseModel):
    reason: str = Field(min_length=1, max_length=REASON_MAX, description="Lý do (bắt buộc).")


class ApproveIn(BaseModel):
    expected_revision: int | None = Field(
        None,
        ge=1,
        le=INT64_MAX,
        description="Phiên bản bạn đã đọc; nếu tin đã bị sửa sau đó, việc duyệt bị từ chối (409).",
    )


class BulletinSummary(BaseModel):
    id: int
    title: str
    summary: str
    category: Category
    category_label: str
    priority: Priority
    priority_label: str
    status: Status
    status_label: str
    status_reason: str
    revision: int
    target_codes: list[str]
    valid_from: datetime
    valid_until: datetime | None
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None

    @classmethod
    def of(cls, b: Bulletin | Listed) -> BulletinSummary:
        return cls(**_summary_fields(b))


def _summary_fields(b: Bulletin | Listed) -> dict[str, Any]:
    return {
        "id": b.id,
        "title": b.title,
        "summary": b.summary,
        "category": b.category,
        "category_label": CATEGORIES[Category(b.category)].label,
        "priority": b.priority,
        "priority_label": PRIORITY_LABELS[Priority(b.priority)],
        "status": b.status,
        "status_label": STATUS_LABELS[Status(b.status)],
        "status_reason": b.status_reason,
        "revision": b.revision,
        "target_codes": b.target_codes,
        "valid_from": b.valid_from,
        "valid_until": b.valid_until,
        "created_at": b.created_at,
        "updated_at": b.updated_at,
        "published_at": b.published_at,
    }


class VariantOut(BaseModel):
    lang: str
    title: str
    body: str


class BulletinOut(BulletinSummary):
    body: str
    creating_area: AreaRef
    targets: list[AreaRef]
    approved_revision: int | None
    author_id: int | None
    submitted_at: datetime | None
    approved_at: datetime | None
    ended_at: datetime | None
    origin: str
    variants: list[VariantOut]

    @classmethod
    def build(cls, b: Bulletin, areas: dict[int, Area]) -> BulletinOut:
        return cls(
            **_summary_fields(b),
            body=b.body,
            creating_area=AreaRef.of(areas[b.creating_area_id]),
            targets=[AreaRef.of(areas[t.area_id]) for t in b.targets],
            approved_revision=b.approved_revision,
            author_id=b.author_id,
            submitted_at=b.submitted_at,
            approved_at=b.approved_at,
            ended_at=b.ended_at,
            origin=b.origin,
            variants=[VariantOut(lang=v.lang, title=v.title, body=v.body) for v in b.variants],
        )


class RevisionOut(BaseModel):
    number: int
    title: str
    summary: str
    body: str
    category: str
    priority: str
    valid_from: datetime
    valid_until: datetime | None
    target_codes: list[str]
    created_at: datetime
    created_by_id: int | None
    created_by: str | None
    approved_at: datetime | None
    approved_by_id: int | None
    approved_by: str | None

    @classmethod
    def of(cls, r: Revision, usernames: dict[int, str]) -> RevisionOut:
        return cls.model_validate(
            {
                **{name: getattr(r, name) for name in cls.model_fields if hasattr(r, name)},
                "created_by": usernames.get(r.created_by_id) if r.created_by_id else None,
                "approved_by": usernames.get(r.approved_by_id) if r.approved_by_id else None,
            }
        )


class HistoryOut(BaseModel):
    bulletin_id: int
    revisions: list[RevisionOut]
    events: list[AuditOut]


class Vocabulary(BaseModel):
    categories: dict[str, str]
    priorities: dict[str, str]
    statuses: dict[str, str]
