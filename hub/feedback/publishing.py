"""An answer broadcast as a bulletin (Decree 49/2024: the answers to citizens' feedback are part of
grassroots information, and the commune radio broadcasts them too).

The bulletin is written and submitted through `hub.bulletins.service`, so it needs an editor and
then an approver of the commune like any other bulletin. It carries the answer, not the citizen's
words or name. Complaints and denunciations are never published.
"""

from __future__ import annotations

from datetime import timedelta

from hub.accounts.model import Principal
from hub.bulletins import service as bulletins
from hub.bulletins.categories import Category
from hub.bulletins.model import Content, Priority
from hub.db.uow import UnitOfWork
from hub.feedback import service
from hub.feedback.config import FeedbackConfig
from hub.feedback.model import Transition
from hub.kit.errors import Conflict
from hub.kit.time import local, utcnow

RUNS_FOR = timedelta(days=14)


def publish_answer(uow: UnitOfWork, config: FeedbackConfig, principal: Principal, code: str) -> int:
    """Draft and submit a bulletin with the case's answer; returns the bulletin's id."""
    case, unit = service.for_action(uow, principal, code)
    if not case.answered:
        raise Conflict(f"Phản ánh {case.code} chưa có trả lời để đăng.", code="not_answered")
    if case.confidential:
        raise Conflict(
            "Không đăng công khai trả lời khiếu nại, tố cáo (cần bảo vệ người khiếu nại, tố cáo).",
            code="confidential",
        )
    if case.answer_bulletin_id is not None:
        raise Conflict(
            f"Trả lời của phản ánh {case.code} đã được đăng thành tin số {case.answer_bulletin_id}.",
            code="already_published",
        )
    area = uow.areas.get(case.scope_area_id) or unit
    label = config.categories.get(case.category).label
    now = utcnow()
    body = (
        f"Ngày {local(case.received_at):%d/%m/%Y}, người dân phản ánh về lĩnh vực “{label}” tại {area.name}"
        + (f" ({case.reporters} người cùng phản ánh)" if case.reporters > 1 else "")
        + f". {case.unit_name} trả lời như sau:\n{case.answer_text}"
    )
    content = Content(
        title=f"Trả lời phản ánh của người dân: {label}"[:200],
        body=body,
        category=Category.LOCAL_AFFAIRS,
        priority=Priority.NORMAL,
        valid_from=now,
        valid_until=now + RUNS_FOR,
        target_codes=(area.code,),
    )
    bulletin = bulletins.create(uow, principal, content)
    bulletins.submit(uow, principal, bulletin.id)
    case.answer_bulletin_id = bulletin.id
    service.record_move(
        uow,
        principal,
        case,
        Transition("publish", case.status, case.status),
        public=True,
        note=f"Trả lời được soạn thành tin số {bulletin.id}, chờ duyệt để phát trên loa và bảng tin.",
    )
    return bulletin.id
