"""Feedback cases ("phản ánh, kiến nghị") and their workflow.

    received → assigned → in_progress → answered → closed
        ├─→ forwarded      (to another area or unit in the hub; it continues there, the citizen is told)
        ├─→ forwarded_out  (to a body outside the hub; the citizen is told where)
        ├─→ rejected       (a reason is required; the citizen is told it)
        └─→ merged         (the same issue as another case; its citizens follow that case)

The deadline runs while a case is unanswered; a case past it is overdue. The model knows which
moves are possible and what each does; who may make them is `hub.accounts.access`, asked by the
service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from hub.kit.errors import Conflict, InvalidInput
from hub.kit.ids import ASSIGNED_ON_FLUSH


class Status(StrEnum):
    RECEIVED = "received"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    FORWARDED = "forwarded"
    ANSWERED = "answered"
    CLOSED = "closed"
    FORWARDED_OUT = "forwarded_out"
    REJECTED = "rejected"
    MERGED = "merged"


STATUS_LABELS = {
    Status.RECEIVED: "Đã tiếp nhận",
    Status.ASSIGNED: "Đã phân công xử lý",
    Status.IN_PROGRESS: "Đang xử lý",
    Status.FORWARDED: "Đã chuyển đơn vị khác xử lý",
    Status.ANSWERED: "Đã trả lời",
    Status.CLOSED: "Đã kết thúc",
    Status.FORWARDED_OUT: "Đã chuyển cơ quan có thẩm quyền",
    Status.REJECTED: "Không tiếp nhận xử lý",
    Status.MERGED: "Đã gộp với phản ánh cùng nội dung",
}

# The deadline runs for these; past it they are overdue.
UNANSWERED = frozenset({Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS, Status.FORWARDED})
# Duplicates are looked for among these (an answered case still gives its answer to a newcomer).
ACTIVE = UNANSWERED | {Status.ANSWERED}
FINISHED = frozenset({Status.CLOSED, Status.FORWARDED_OUT, Status.REJECTED, Status.MERGED})


class Classification(StrEnum):
    FEEDBACK = "feedback"  # phản ánh, kiến nghị
    COMPLAINT = "complaint"  # khiếu nại, tố cáo


CLASSIFICATION_LABELS = {
    Classification.FEEDBACK: "Phản ánh, kiến nghị",
    Classification.COMPLAINT: "Khiếu nại, tố cáo",
}

MOVES: dict[str, tuple[frozenset[Status], Status]] = {
    "assign": (UNANSWERED, Status.ASSIGNED),
    "start": (frozenset({Status.RECEIVED, Status.ASSIGNED, Status.FORWARDED}), Status.IN_PROGRESS),
    "answer": (UNANSWERED, Status.ANSWERED),
    "forward": (UNANSWERED, Status.FORWARDED),
    "forward_out": (UNANSWERED, Status.FORWARDED_OUT),
    "reject": (UNANSWERED, Status.REJECTED),
    "merge": (UNANSWERED, Status.MERGED),
    "close": (frozenset({Status.ANSWERED}), Status.CLOSED),
}

ACTION_LABELS = {
    "receive": "tiếp nhận",
    "assign": "phân công",
    "start": "bắt đầu xử lý",
    "answer": "trả lời",
    "forward": "chuyển xử lý",
    "forward_out": "chuyển cơ quan khác",
    "reject": "từ chối",
    "merge": "gộp",
    "close": "kết thúc",
    "classify": "xác nhận phân loại",
    "publish": "đăng trả lời thành tin",
    "overdue": "quá hạn",
    "remind": "nhắc hạn",
    "notify": "thông báo",
    "absorb": "nhận phản ánh trùng",
}

# Timeline lines as the citizen reads them on the status page.
PUBLIC_LABELS = {
    "receive": "Tiếp nhận phản ánh",
    "assign": "Phân công xử lý",
    "start": "Bắt đầu xử lý",
    "answer": "Trả lời",
    "forward": "Chuyển đơn vị khác xử lý",
    "forward_out": "Chuyển cơ quan có thẩm quyền",
    "reject": "Không tiếp nhận xử lý",
    "merge": "Gộp với phản ánh cùng nội dung",
    "close": "Kết thúc",
    "publish": "Đăng trả lời thành tin",
}

REASON_MAX = 1000
ANSWER_MAX = 10_000
CODE_PREFIX = "PA"
_CODE_RE = re.compile(r"(\d{4})\D*(\d{1,9})$")


def format_code(year: int, seq: int) -> str:
    """ "PA-2026-000123": short enough to read aloud and to type on a phone keypad."""
    return f"{CODE_PREFIX}-{year}-{seq:06d}"


def parse_code(text: str, default_year: int) -> str | None:
    """A case code however it was typed or keyed: "pa-2026-123", "2026000123", "123" (this year)."""
    raw = (text or "").strip().upper()
    if raw.startswith(CODE_PREFIX):
        raw = raw[len(CODE_PREFIX) :]
    digits_only = re.sub(r"\D", "", raw)
    if not digits_only:
        return None
    parts = [p for p in re.split(r"\D+", raw) if p]
    if len(parts) >= 2 and len(parts[-2]) == 4:
        year, seq = int(parts[-2]), int(parts[-1])
    elif len(digits_only) > 6 and digits_only[:2] == "20":
        year, seq = int(digits_only[:4]), int(digits_only[4:])
    else:
        year, seq = default_year, int(digits_only)
    return format_code(year, seq) if seq > 0 else None


@dataclass(frozen=True)
class Transition:
    action: str
    from_status: Status | None
    to_status: Status
    reason: str = ""


@dataclass(eq=False)
class CaseEvent:
    """One line of a case's timeline. `public` lines are shown to the citizen who filed it."""

    at: datetime
    actor: str
    channel: str
    action: str
    note: str = ""
    public: bool = False
    from_status: str | None = None
    to_status: str | None = None
    case_id: int | None = None
    id: int = ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class Attachment:
    kind: str  # image, audio, link
    media_type: str
    size: int
    ref: str  # a path in the attachment store, or a URL the citizen's application gave
    created_at: datetime
    sha256: str = ""
    removed_at: datetime | None = None
    case_id: int | None = None
    id: int = ASSIGNED_ON_FLUSH


@dataclass(eq=False)
class Case:
    channel: str
    text: str
    category: str
    classification: Classification
    suggested_classification: Classification
    area_id: int
    area_path: str
    scope_area_id: int
    unit_area_id: int
    unit_path: str
    unit_name: str
    received_at: datetime
    due_at: datetime
    updated_at: datetime
    access_key: str
    origin_path: str = ""  # the unit that received it first: it keeps seeing a case it forwarded
    status: Status = Status.RECEIVED
    contact_id: int | None = None
    code: str | None = None
    year: int = 0
    seq: int = 0
    classification_confirmed: bool = False
    assignee_id: int | None = None
    answer_text: str = ""
    answered_at: datetime | None = None
    answered_by_id: int | None = None
    answer_bulletin_id: int | None = None
    closed_at: datetime | None = None
    status_reason: str = ""
    forwarded_to: str = ""
    merged_into_id: int | None = None
    reporters: int = 1
    overdue_at: datetime | None = None
    escalated_at: datetime | None = None
    reminded_at: datetime | None = None
    audio_ref: str | None = None
    transcript: str = ""
    incomplete: bool = False
    lat: float | None = None
    lon: float | None = None
    address: str = ""
    intake_source: str = ""
    client_ref: str | None = None
    text_hash: str = ""
    search_text: str = ""
    version_id: int = 1
    id: int = ASSIGNED_ON_FLUSH
    events: list[CaseEvent] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    # -- reading -------------------------------------------------------------------------------

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    def is_overdue(self, now: datetime) -> bool:
        return self.status in UNANSWERED and self.due_at < now

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def confidential(self) -> bool:
        """Complaints and denunciations are never published and their reporters are protected."""
        return self.classification == Classification.COMPLAINT

    # -- workflow ------------------------------------------------------------------------------

    def _move(self, action: str, now: datetime, reason: str = "") -> Transition:
        allowed, target = MOVES[action]
        if self.status not in allowed:
            raise Conflict(
                f"Không thể {ACTION_LABELS[action]} phản ánh {self.code} đang ở trạng thái "
                f"“{STATUS_LABELS[Status(self.status)]}”.",
                code="invalid_transition",
                current_status=str(self.status),
                action=action,
            )
        before = Status(self.status)
        self.status = target
        self.updated_at = now
        return Transition(action, before, target, reason)

    def assign(self, user_id: int, now: datetime) -> Transition:
        transition = self._move("assign", now)
        self.assignee_id = user_id
        return transition

    def start(self, user_id: int | None, now: datetime) -> Transition:
        transition = self._move("start", now)
        if self.assignee_id is None:
            self.assignee_id = user_id
        return transition

    def answer(self, text: str, user_id: int | None, now: datetime) -> Transition:
        text = (text or "").strip()
        if not text:
            raise InvalidInput("Nội dung trả lời không được để trống.", code="answer_required", field="text")
        if len(text) > ANSWER_MAX:
            raise InvalidInput(f"Nội dung trả lời dài quá {ANSWER_MAX} ký tự.", code="answer_too_long", field="text")
        transition = self._move("answer", now)
        self.answer_text = text
        self.answered_at = now
        self.answered_by_id = user_id
        return transition

    def forward(
        self,
        *,
        area_id: int,
        area_path: str,
        scope_area_id: int,
        unit_area_id: int,
        unit_path: str,
        unit_name: str,
        due_at: datetime,
        reason: str,
        now: datetime,
    ) -> Transition:
        """To another area or unit inside the hub: it is theirs now, with a fresh deadline."""
        reason = require_reason(reason, "chuyển xử lý")
        if unit_area_id == self.unit_area_id and area_id == self.area_id:
            raise InvalidInput("Phản ánh đã thuộc đơn vị này.", code="same_unit", field="area_code")
        transition = self._move("forward", now, reason)
        self.area_id, self.area_path, self.scope_area_id = area_id, area_path, scope_area_id
        self.unit_area_id, self.unit_path, self.unit_name = unit_area_id, unit_path, unit_name
        self.forwarded_to = unit_name
        self.status_reason = reason
        self.assignee_id = None
        self.due_at = due_at
        self.overdue_at = self.escalated_at = self.reminded_at = None
        return transition

    def forward_out(self, unit: str, reason: str, now: datetime) -> Transition:
        unit = (unit or "").strip()
        if not unit:
            raise InvalidInput("Cần ghi tên cơ quan nhận.", code="unit_required", field="unit")
        if len(unit) > 200:
            raise InvalidInput("Tên cơ quan dài quá 200 ký tự.", code="unit_too_long", field="unit")
        reason = require_reason(reason, "chuyển")
        transition = self._move("forward_out", now, reason)
        self.forwarded_to = unit
        self.status_reason = reason
        self.closed_at = now
        return transition

    def reject(self, reason: str, now: datetime) -> Transition:
        reason = require_reason(reason, "từ chối")
        transition = self._move("reject", now, reason)
        self.status_reason = reason
        self.closed_at = now
        return transition

    def merge_into(self, target: Case, now: datetime) -> Transition:
        if target is self or target.id == self.id:
            raise InvalidInput("Không thể gộp phản ánh với chính nó.", code="merge_self")
        if target.status not in ACTIVE:
            raise Conflict(
                f"Phản ánh {target.code} đã “{STATUS_LABELS[Status(target.status)]}”, không gộp thêm được.",
                code="merge_target_finished",
            )
        transition = self._move("merge", now, f"Cùng nội dung với {target.code}")
        self.merged_into_id = target.id
        self.closed_at = now
        target.reporters += self.reporters
        target.updated_at = now
        return transition

    def close(self, now: datetime) -> Transition:
        transition = self._move("close", now)
        self.closed_at = now
        return transition

    def confirm_classification(self, kind: Classification, due_at: datetime, now: datetime) -> Transition:
        before = Status(self.status)
        self.classification = Classification(kind)
        self.classification_confirmed = True
        if self.status in UNANSWERED:
            self.due_at = due_at
        self.updated_at = now
        return Transition("classify", before, before)

    def flag_overdue(self, now: datetime) -> None:
        self.overdue_at = self.overdue_at or now
        self.escalated_at = now


def require_reason(reason: str, verb: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(f"Cần ghi rõ lý do {verb}.", code="reason_required", field="reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(f"Lý do dài quá {REASON_MAX} ký tự.", code="reason_too_long", field="reason")
    return reason


@dataclass(eq=False)
class Route:
    """A routing rule: cases about `category` (any when None) in the subtree of `area` go to the
    officials of `unit_area`, shown to citizens as `unit_name`."""

    area_id: int
    area_path: str
    unit_area_id: int
    unit_name: str
    created_at: datetime
    category: str | None = None
    created_by: str = ""
    id: int = ASSIGNED_ON_FLUSH
