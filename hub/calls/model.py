"""A hotline call, as the annual report and the officials see it.

The caller is a contact of channel `ivr` (the number is the identity): the number itself is kept
once, on the contact, so retention erases it everywhere. `path` is the way through the menu
("greeting menu news menu feedback filed:PA-2026-000012"); `result` what the call achieved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from hub.kit.ids import ASSIGNED_ON_FLUSH


class Result(StrEnum):
    NEWS = "news"
    STATUS = "status"
    FEEDBACK = "feedback"
    FEEDBACK_INCOMPLETE = "feedback_incomplete"
    FEEDBACK_PENDING = "feedback_pending"
    HUNG_UP = "hung_up"
    ERROR = "error"


RESULT_LABELS = {
    Result.NEWS: "Nghe tin",
    Result.STATUS: "Tra cứu phản ánh",
    Result.FEEDBACK: "Gửi phản ánh",
    Result.FEEDBACK_INCOMPLETE: "Phản ánh chưa hoàn tất (người gọi gác máy)",
    Result.FEEDBACK_PENDING: "Phản ánh chờ lưu",
    Result.HUNG_UP: "Gác máy",
    Result.ERROR: "Lỗi hệ thống",
}
PATH_MAX = 1000


@dataclass(eq=False)
class CallRecord:
    call_ref: str
    contact_id: int | None
    area_id: int | None
    area_path: str
    started_at: datetime
    ended_at: datetime
    duration_seconds: int
    path: str
    result: str
    case_code: str | None = None
    id: int = ASSIGNED_ON_FLUSH

    @classmethod
    def of(
        cls,
        call_ref: str,
        contact_id: int | None,
        area_id: int | None,
        area_path: str,
        started_at: datetime,
        ended_at: datetime,
        steps: list[str],
        result: str,
        case_code: str | None,
    ) -> CallRecord:
        path = " ".join(steps)
        if len(path) > PATH_MAX:
            path = path[: PATH_MAX - 2] + " …"
        known = result if result in Result.__members__.values() else Result.HUNG_UP.value
        return cls(
            call_ref=call_ref[:128],
            contact_id=contact_id,
            area_id=area_id,
            area_path=area_path,
            started_at=started_at,
            ended_at=ended_at,
            duration_seconds=max(0, round((ended_at - started_at).total_seconds())),
            path=path,
            result=known,
            case_code=case_code,
        )
