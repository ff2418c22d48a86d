"""The officials' programme pages: a commune's week calendar (broadcast windows, what plays, the
conflicts) with navigation by week, and its operating rules (windows, quiet hours, maximum volume,
what an emergency does to the item it interrupts), editable by those `service.set_rules` allows.

Every read and write is a call to `hub.broadcasts.service`, the implementation the API uses.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from hub.accounts.model import Principal
from hub.broadcasts import calendar, service
from hub.broadcasts.model import RECURRENCE_LABELS, InterruptPolicy
from hub.db.uow import UnitOfWork
from hub.http.deps import ReadUow, WriteUow
from hub.kit.errors import HubError, InvalidInput
from hub.kit.time import local, utcnow
from hub.web import forms
from hub.web.routing import FormDep, Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

PATH = "/quan-tri/lich-phat"
router = page_router(PATH)
SPAN_SPLIT = re.compile(r"\s*(?:–|—|-|đến)\s*")
POLICY_LABELS = {
    InterruptPolicy.RESUME.value: "Phát lại từ đầu sau tin khẩn cấp",
    InterruptPolicy.SKIP.value: "Bỏ qua, không phát lại",
}
CONFLICT_LABELS = {
    "priority_order_needed": "Cần sắp thứ tự tin ưu tiên",
    "quiet_hours": "Trong giờ yên tĩnh",
    "outside_window": "Ngoài khung giờ phát",
    "overflows_window": "Quá giờ đóng khung",
    "moved": "Trùng giờ, phát lùi",
    "bulletin_not_live": "Tin chưa được duyệt hoặc hết hiệu lực",
}
WEEKDAY_NAMES = {str(i + 1): name for i, name in enumerate(calendar.WEEKDAYS)}


@router.get("", name="web.programme")
def choose(request: Request, official: Official, uow: ReadUow) -> Response:
    """One commune: straight to its week; several (a province official): choose one."""
    communes = service.communes_for(uow, official)
    if len(communes) == 1:
        return see_other(f"{PATH}/{communes[0].code}")
    context = {"title": "Lịch phát", "current": "programme", "communes": communes}
    return render(request, "programme/choose.html", context)


def _week_of(value: str) -> date:
    today = local(utcnow()).date()
    try:
        chosen = date.fromisoformat(value) if value else today
    except ValueError:
        chosen = today
    return calendar.monday_of(chosen)


@router.get("/{code}", name="web.programme.week")
def week_page(request: Request, official: Official, uow: ReadUow, code: str, tuan: str = "") -> HTMLResponse:
    monday = _week_of(tuan)
    preview = service.preview(uow, official, code, calendar.week_start(monday), hours=24 * 7)
    programme = service.programme(uow, official, preview.commune.code)
    week = calendar.build(preview, monday, local(utcnow()).date())
    context = {
        "title": f"Lịch phát — {preview.commune.name}",
        "current": "programme",
        "commune": preview.commune,
        "area": preview.area,
        "week": week,
        "this_week": calendar.monday_of(local(utcnow()).date()),
        "last_day": monday + timedelta(days=6),
        "programme": programme,
        "rules": preview.rules,
        "recurrences": RECURRENCE_LABELS,
        "weekday_names": WEEKDAY_NAMES,
        "conflict_labels": CONFLICT_LABELS,
        "policy_labels": POLICY_LABELS,
    }
    return render(request, "programme/week.html", context)


def _rules_context(
    uow: UnitOfWork, official: Principal, code: str, error: HubError | None, values: dict[str, str] | None
) -> dict[str, Any]:
    programme = service.programme(uow, official, code)
    rules = programme.rules
    shown = values or {
        "windows": "\n".join("–".join(w) for w in rules.windows),
        "quiet": "\n".join("–".join(q) for q in rules.quiet),
        "max_volume": str(rules.max_volume),
        "interrupt_policy": str(rules.interrupt_policy),
    }
    return {
        "title": f"Quy chế phát — {programme.commune.name}",
        "current": "programme",
        "commune": programme.commune,
        "rules": rules,
        "editable": service.may_set_rules(official, programme.commune),
        "policies": list(POLICY_LABELS.items()),
        "policy_labels": POLICY_LABELS,
        "values": shown,
        "error": error,
    }


@router.get("/{code}/quy-che", name="web.programme.rules")
def rules_page(request: Request, official: Official, uow: ReadUow, code: str) -> HTMLResponse:
    return render(request, "programme/rules.html", _rules_context(uow, official, code, None, None))


@router.post("/{code}/quy-che")
def save_rules(
    request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep, code: str
) -> Response:
    values = {name: forms.raw(form, name) for name in ("windows", "quiet", "max_volume", "interrupt_policy")}
    try:
        volume = values["max_volume"].strip()
        if not volume.isdigit():
            raise InvalidInput("Âm lượng tối đa là một số từ 0 đến 100.", code="volume_invalid", field="max_volume")
        policy = values["interrupt_policy"] if values["interrupt_policy"] in POLICY_LABELS else "resume"
        service.set_rules(
            uow,
            official,
            code,
            windows=_spans(values["windows"], "windows"),
            quiet=_spans(values["quiet"], "quiet"),
            max_volume=int(volume),
            interrupt_policy=InterruptPolicy(policy),
        )
    except HubError as exc:
        uow.rollback()
        context = _rules_context(uow, official, code, exc, values)
        return render(request, "programme/rules.html", context, status=exc.status)
    session.flash("Đã lưu quy chế phát. Thiết bị nhận quy chế mới ở lần cập nhật tới.")
    return see_other(f"{PATH}/{code}/quy-che")


def _spans(text: str, field: str) -> list[list[str]]:
    """Lines like "06:00–06:30" (or 06:00-06:30, 06:00 đến 06:30) as pairs of times."""
    spans = []
    for line in text.splitlines():
        line = line.strip().rstrip(",;")
        if not line:
            continue
        parts = SPAN_SPLIT.split(line)
        if len(parts) != 2:
            raise InvalidInput(
                f"“{line}”: mỗi dòng ghi một khung giờ, ví dụ 06:00–06:30.", code="span_invalid", field=field
            )
        spans.append(parts)
    return spans
