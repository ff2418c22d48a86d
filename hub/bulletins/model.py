"""Bulletins and their workflow: draft → submitted → approved → published → expired,
with rejected (reason required) and withdrawn (reason required).

The model knows which moves are possible and what each does to the bulletin; it does not know who
may make them (that is `hub.accounts.access`, asked by the service) nor how they are stored.

Editing content that was never approved changes the current revision in place. Editing an
approved or published bulletin opens a new revision that must be approved again; the earlier
revisions stay in `revisions` with who approved them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from hub.bulletins.categories import Category
from hub.kit.errors import Conflict, InvalidInput
from hub.kit.ids import ASSIGNED_ON_FLUSH


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PUBLISHED = "published"
    EXPIRED = "expired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


STATUS_LABELS = {
    Status.DRAFT: "Bản nháp",
    Status.SUBMITTED: "Chờ duyệt",
    Status.APPROVED: "Đã duyệt, chờ phát hành",
    Status.PUBLISHED: "Đang phát hành",
    Status.EXPIRED: "Hết hiệu lực",
    Status.REJECTED: "Bị từ chối",
    Status.WITHDRAWN: "Đã thu hồi",
}

# Approved or published bulletins reach devices and citizens (approved ones at their start time).
# The one definition of "live": `Bulletin.is_live` in Python, `hub.bulletins.tables.live()` in SQL.
LIVE = frozenset({Status.APPROVED, Status.PUBLISHED})
# Bulletins that were released (approved at some point) and not taken back before it: the reports
# count them, whether still live, expired or withdrawn since.
RELEASED = LIVE | {Status.EXPIRED, Status.WITHDRAWN}


class Priority(StrEnum):
    NORMAL = "normal"
    PRIORITY = "priority"
    EMERGENCY = "emergency"


PRIORITY_LABELS = {Priority.NORMAL: "Thông thường", Priority.PRIORITY: "Ưu tiên", Priority.EMERGENCY: "Khẩn cấp"}


def is_live(status: str) -> bool:
    """Whether a bulletin in `status` reaches devices and citizens (for rows that are not a `Bulletin`)."""
    return status in LIVE


def interrupts(priority: str, status: str) -> bool:
    """Whether a bulletin stops whatever plays and plays at once: a published emergency."""
    return priority == Priority.EMERGENCY and status == Status.PUBLISHED


TITLE_MAX = 200
SUMMARY_MAX = 1000
BODY_MAX = 20_000
REASON_MAX = 1000

# action → (states it may start from, state it leads to)
MOVES: dict[str, tuple[frozenset[Status], Status]] = {
    "submit": (frozenset({Status.DRAFT, Status.REJECTED}), Status.SUBMITTED),
    "approve": (frozenset({Status.SUBMITTED}), Status.APPROVED),
    "reject": (frozenset({Status.SUBMITTED}), Status.REJECTED),
    "publish": (frozenset({Status.APPROVED}), Status.PUBLISHED),
    "withdraw": (frozenset({Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED}), Status.WITHDRAWN),
    "expire": (frozenset({Status.APPROVED, Status.PUBLISHED}), Status.EXPIRED),
}

ACTION_LABELS = {
    "create": "tạo",
    "edit": "sửa",
    "revise": "sửa tin đã duyệt",
    "submit": "gửi duyệt",
    "approve": "duyệt",
    "reject": "từ chối",
    "publish": "phát hành",
    "withdraw": "thu hồi",
    "expire": "kết thúc hiệu lực",
}


@dataclass(frozen=True)
class Variant:
    """The bulletin in another language (Ê Đê, M'nông …): text and, later, a recording."""

    lang: str
    title: str
    body: str


@dataclass(frozen=True)
class Content:
    """What an editor writes. Validated on construction; the target codes are resolved by the service."""

    title: str
    body: str
    category: Category
    priority: Priority
    valid_from: datetime
    target_codes: tuple[str, ...]
    summary: str = ""
    valid_until: datetime | None = None
    variants: tuple[Variant, ...] = ()

    def __post_init__(self) -> None:
        title, body = self.title.strip(), self.body.strip()
        if not title:
            raise InvalidInput("Tiêu đề không được để trống.", code="title_required", field="title")
        if len(title) > TITLE_MAX:
            raise InvalidInput(f"Tiêu đề dài quá {TITLE_MAX} ký tự.", code="title_too_long", field="title")
        if not body:
            raise InvalidInput("Nội dung tin không được để trống.", code="body_required", field="body")
        if len(body) > BODY_MAX:
            raise InvalidInput(f"Nội dung tin dài quá {BODY_MAX} ký tự.", code="body_too_long", field="body")
        if len(self.summary) > SUMMARY_MAX:
            raise InvalidInput(f"Tóm tắt dài quá {SUMMARY_MAX} ký tự.", code="summary_too_long", field="summary")
        if not self.target_codes:
            raise InvalidInput("Cần chọn ít nhất một địa bàn nhận tin.", code="targets_required", field="target_codes")
        if self.valid_until is not None and self.valid_until <= self.valid_from:
            raise InvalidInput(
                "Thời điểm kết thúc phải sau thời điểm bắt đầu.", code="window_invalid", field="valid_until"
            )
        langs = [v.lang for v in self.variants]
        if "vi" in langs or len(set(langs)) != len(langs):
            raise InvalidInput(
                "Mỗi ngôn ngữ chỉ có một bản; bản tiếng Việt là nội dung chính của tin.",
                code="variant_duplicate",
                field="variants",
            )
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "body", body)
        object.__setattr__(self, "summary", self.summary.strip())
        object.__setattr__(self, "target_codes", tuple(dict.fromkeys(self.target_codes)))


@dataclass(eq=False)
class BulletinTarget:
    """A receiving area, with its path copied so that "reaches commune X" is one index range scan."""

    area_id: int
    area_code: str
    area_path: str
    bulletin_id: int | None = None
    id: int = ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class Revision:
    """An immutable snapshot once approved; the history an official reads."""

    number: int
    title: str
    summary: str
    body: str
    category: str
    priority: str
    valid_from: datetime
    valid_until: datetime | None
    target_codes: list[str]
    variants: list[dict[str, str]]
    created_at: datetime
    created_by_id: int | None
    approved_at: datetime | None = None
    approved_by_id: int | None = None
    bulletin_id: int | None = None
    id: int = ASSIGNED_ON_FLUSH


@dataclass(frozen=True)
class Transition:
    action: str
    from_status: Status | None
    to_status: Status
    reason: str = ""


@dataclass(eq=False)
class Bulletin:
    title: str
    body: str
    summary: str
    category: Category
    priority: Priority
    creating_area_id: int
    author_id: int | None
    valid_from: datetime
    valid_until: datetime | None
    created_at: datetime
    updated_at: datetime
    status: Status = Status.DRAFT
    revision: int = 1
    approved_revision: int | None = None
    status_reason: str = ""
    origin: str = ""
    submitted_at: datetime | None = None
    approved_at: datetime | None = None
    approved_by_id: int | None = None
    published_at: datetime | None = None
    ended_at: datetime | None = None
    targets: list[BulletinTarget] = field(default_factory=list)
    variant_rows: list[BulletinVariant] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    version_id: int = 1
    id: int = ASSIGNED_ON_FLUSH

    @classmethod
    def draft(
        cls,
        content: Content,
        targets: list[BulletinTarget],
        creating_area_id: int,
        author_id: int | None,
        now: datetime,
        origin: str = "",
    ) -> tuple[Bulletin, Transition]:
        bulletin = cls(
            title=content.title,
            body=content.body,
            summary=content.summary,
            category=content.category,
            priority=content.priority,
            creating_area_id=creating_area_id,
            author_id=author_id,
            valid_from=content.valid_from,
            valid_until=content.valid_until,
            created_at=now,
            updated_at=now,
            origin=origin,
        )
        bulletin._apply(content, targets)
        bulletin.revisions.append(bulletin._snapshot(now, author_id))
        return bulletin, Transition("create", None, Status.DRAFT)

    # -- content -------------------------------------------------------------------------------

    @property
    def is_live(self) -> bool:
        """Reaches devices and citizens: approved (plays from its start) or published."""
        return self.status in LIVE

    @property
    def interrupts(self) -> bool:
        """A published emergency: devices stop whatever plays and play it at once."""
        return interrupts(self.priority, self.status)

    @property
    def variants(self) -> list[Variant]:
        return [Variant(v.lang, v.title, v.body) for v in self.variant_rows]

    @property
    def target_codes(self) -> list[str]:
        return [t.area_code for t in self.targets]

    @property
    def current_revision(self) -> Revision:
        return max(self.revisions, key=lambda r: r.number)

    def edit(self, content: Content, targets: list[BulletinTarget], editor_id: int | None, now: datetime) -> Transition:
        """Change the content. Approved or published content gets a new revision to approve."""
        if self.status in (Status.EXPIRED, Status.WITHDRAWN):
            raise Conflict(
                f"Không thể sửa tin ở trạng thái “{STATUS_LABELS[self.status]}”. Hãy tạo tin mới.",
                code="not_editable",
                current_status=self.status.value,
            )
        before = self.status
        self._apply(content, targets)
        self.updated_at = now
        if before in LIVE:
            self.revision += 1
            self.revisions.append(self._snapshot(now, editor_id))
            self.status = Status.SUBMITTED
            self.submitted_at = now
            self.published_at = None
            return Transition("revise", before, Status.SUBMITTED)
        self._replace_snapshot(now, editor_id)
        if before == Status.REJECTED:
            self.status = Status.DRAFT
        return Transition("edit", before, self.status)

    def _apply(self, content: Content, targets: list[BulletinTarget]) -> None:
        self.title = content.title
        self.body = content.body
        self.summary = content.summary
        self.category = content.category
        self.priority = content.priority
        self.valid_from = content.valid_from
        self.valid_until = content.valid_until
        wanted = {t.area_id: t for t in targets}
        self.targets[:] = [t for t in self.targets if t.area_id in wanted]
        have = {t.area_id for t in self.targets}
        self.targets.extend(t for area_id, t in wanted.items() if area_id not in have)
        rows = {v.lang: v for v in self.variant_rows}
        self.variant_rows[:] = []
        for variant in content.variants:
            row = rows.get(variant.lang) or BulletinVariant(lang=variant.lang, title="", body="")
            row.title, row.body = variant.title, variant.body
            self.variant_rows.append(row)

    def _snapshot(self, now: datetime, author_id: int | None) -> Revision:
        return Revision(
            number=self.revision,
            title=self.title,
            summary=self.summary,
            body=self.body,
            category=self.category,
            priority=self.priority,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            target_codes=self.target_codes,
            variants=[{"lang": v.lang, "title": v.title, "body": v.body} for v in self.variant_rows],
            created_at=now,
            created_by_id=author_id,
        )

    def _replace_snapshot(self, now: datetime, author_id: int | None) -> None:
        fresh = self._snapshot(now, author_id)
        current = self.current_revision
        for name in ("title", "summary", "body", "category", "priority", "valid_from", "valid_until"):
            setattr(current, name, getattr(fresh, name))
        current.target_codes = fresh.target_codes
        current.variants = fresh.variants

    # -- workflow ------------------------------------------------------------------------------

    def _move(self, action: str, reason: str = "") -> Transition:
        allowed, target = MOVES[action]
        if self.status not in allowed:
            raise Conflict(
                f"Không thể {ACTION_LABELS[action]} tin đang ở trạng thái “{STATUS_LABELS[self.status]}”.",
                code="invalid_transition",
                current_status=self.status.value,
                action=action,
            )
        before = self.status
        self.status = target
        return Transition(action, before, target, reason)

    def submit(self, now: datetime) -> Transition:
        transition = self._move("submit")
        self.submitted_at = self.updated_at = now
        self.status_reason = ""
        return transition

    def approve(self, approver_id: int | None, now: datetime, expected_revision: int | None = None) -> Transition:
        if expected_revision is not None and expected_revision != self.revision:
            raise Conflict(
                f"Tin đã được sửa thành phiên bản {self.revision} sau khi bạn mở (bạn đang xem phiên bản "
                f"{expected_revision}). Vui lòng đọc lại trước khi duyệt.",
                code="stale_revision",
                current_revision=self.revision,
            )
        transition = self._move("approve")
        self.approved_at = self.updated_at = now
        self.approved_by_id = approver_id
        self.approved_revision = self.revision
        current = self.current_revision
        current.approved_at, current.approved_by_id = now, approver_id
        return transition

    def reject(self, reason: str, now: datetime) -> Transition:
        reason = _require_reason(reason, "từ chối")
        transition = self._move("reject", reason)
        self.status_reason = reason
        self.updated_at = now
        return transition

    def publish(self, now: datetime) -> Transition:
        transition = self._move("publish")
        self.published_at = self.updated_at = now
        return transition

    def withdraw(self, reason: str, now: datetime) -> Transition:
        reason = _require_reason(reason, "thu hồi")
        transition = self._move("withdraw", reason)
        self.status_reason = reason
        self.ended_at = self.updated_at = now
        return transition

    def expire(self, now: datetime) -> Transition:
        transition = self._move("expire")
        self.ended_at = self.updated_at = now
        return transition

    def should_publish(self, now: datetime) -> bool:
        """An approved bulletin goes live at its start; an emergency goes live at once."""
        return (
            self.status == Status.APPROVED
            and (self.priority == Priority.EMERGENCY or self.valid_from <= now)
            and not self.should_expire(now)
        )

    def should_expire(self, now: datetime) -> bool:
        return self.is_live and self.valid_until is not None and self.valid_until <= now


@dataclass(eq=False)
class BulletinVariant:
    lang: str
    title: str
    body: str
    bulletin_id: int | None = None
    id: int = ASSIGNED_ON_FLUSH


def _require_reason(reason: str, verb: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(f"Cần ghi rõ lý do {verb}.", code="reason_required", field="reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(f"Lý do dài quá {REASON_MAX} ký tự.", code="reason_too_long", field="reason")
    return reason
