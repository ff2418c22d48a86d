"""The officials' programme pages: a commune's week calendar (broadcast windows, what plays, the
conflicts) with navigation by week, and its operating rules (windows, quiet hours, maximum volume,
what an emergency does to the item it interrupts), editable by those `service.set_rules` allows.

Every read and write is a call to `hub.broadcasts.service`, the implementation the API uses.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from hub.accounts.model import Principal
from hub.broadcasts import calendar, panel, service
from hub.broadcasts.model import RECURRENCE_LABELS, InterruptPolicy, Recurrence, parse_times
from hub.db.uow import UnitOfWork
from hub.http.deps import ReadUow, WriteUow
from hub.http.params import Id, parse_id
from hub.kit.errors import HubError, InvalidInput
from hub.kit.time import format_local, local, utcnow
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
    "never_plays": "Không có lần phát nào",
    "no_plays": "Không phát lần nào",
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
        "legend": calendar.LEGEND,
        "may_order": service.may_schedule(official, preview.commune),
        "moved": calendar.moved,
        "unscheduled": service.unscheduled(uow, official, preview.commune.code, utcnow()),
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


# -- scheduling a bulletin (its page's panel, the compose form, and this page when a form is refused) --

FORM_FIELDS = ("kieu", "gio", "ngay", "tu_ngay", "den_ngay")


def _date(value: str, field: str, label: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    for parse in (date.fromisoformat, lambda v: datetime.strptime(v, "%d/%m/%Y").date()):
        try:
            return parse(value)
        except ValueError:
            continue
    raise InvalidInput(f"{label} “{value[:20]}” không hợp lệ; ví dụ 25/12/2026.", code="day_invalid", field=field)


def plays_of(form: FormData) -> service.Plays:
    """The schedule form: kind, times ("6:00, 17:00"), the day (once), the dates between (daily,
    weekly) and the weekdays (weekly)."""
    kind = forms.text(form, "kieu") or Recurrence.ONCE.value
    if kind not in panel.KINDS:
        raise InvalidInput("Hãy chọn kiểu lịch: một lần, hằng ngày hoặc các thứ trong tuần.", code="kind", field="kieu")
    times = parse_times(forms.text(form, "gio"), "gio")
    if kind == Recurrence.ONCE.value:
        day = _date(forms.text(form, "ngay"), "ngay", "Ngày phát")
        if day is None:
            raise InvalidInput("Hãy chọn ngày phát.", code="days_required", field="ngay")
        return service.Plays(Recurrence.ONCE, times, [day.isoformat()])
    starts = _date(forms.text(form, "tu_ngay"), "tu_ngay", "Ngày bắt đầu")
    ends = _date(forms.text(form, "den_ngay"), "den_ngay", "Ngày kết thúc")
    if kind == Recurrence.DAILY.value:
        return service.Plays(Recurrence.DAILY, times, [], starts, ends)
    weekdays = [d for d in forms.many(form, "thu") if d in WEEKDAY_NAMES]
    if not weekdays:
        raise InvalidInput("Hãy chọn ít nhất một thứ trong tuần.", code="days_required", field="thu")
    return service.Plays(Recurrence.WEEKLY, times, weekdays, starts, ends)


def form_values(form: FormData | None = None) -> dict[str, Any]:
    if form is None:
        return panel.defaults(local(utcnow()).date())
    return {**{name: forms.text(form, name) for name in FORM_FIELDS}, "thu": forms.many(form, "thu")}


def schedule_context(
    uow: UnitOfWork, official: Principal, code: str, bulletin_id: int, values: dict[str, Any], error: HubError | None
) -> dict[str, Any]:
    view = panel.view_for(uow, official, bulletin_id, code)
    return {
        "title": f"Xếp lịch phát — {view.title}",
        "current": "programme",
        "view": view,
        "one": view.communes[0],
        "values": values,
        "error": error,
        "kinds": list(panel.KINDS.items()),
        "weekday_names": WEEKDAY_NAMES,
        "conflict_labels": CONFLICT_LABELS,
    }


def compose_fields(form: FormData | None = None) -> dict[str, Any]:
    """What the approvers' compose form needs to show the schedule fields (`programme/_fields.html`)."""
    return {"values": form_values(form), "kinds": list(panel.KINDS.items()), "weekday_names": WEEKDAY_NAMES,
            "schedule_optional": True}  # fmt: skip


def compose_plays(form: FormData) -> service.Plays | None:
    """The schedule typed in the compose form, or None when no time was typed (approve only)."""
    return plays_of(form) if forms.text(form, "gio") else None


def schedule_everywhere(
    uow: UnitOfWork, official: Principal, bulletin_id: int, plays: service.Plays
) -> list[service.ScheduleCheck]:
    """The compose form's schedule: the same plays in every commune the bulletin plays in where the
    official may schedule (`service.schedule` for each: checked, stored, audited)."""
    view = panel.view_for(uow, official, bulletin_id)
    communes = [c.commune for c in view.communes if c.may_schedule]
    if not communes:
        raise InvalidInput(
            "Bạn không được xếp lịch phát ở xã, phường nào nhận tin này; hãy bỏ trống giờ phát.",
            code="schedule_no_commune",
            field="gio",
        )
    return [service.schedule(uow, official, c.code, bulletin_id, plays) for c in communes]


def scheduled_message(checks: list[service.ScheduleCheck]) -> str:
    return " ".join(_saved_message(check) for check in checks)


@router.get("/{code}/tin/{bulletin_id:int}", name="web.programme.schedule")
def schedule_page(request: Request, official: Official, uow: ReadUow, code: str, bulletin_id: Id) -> HTMLResponse:
    context = schedule_context(uow, official, code, bulletin_id, form_values(), None)
    return render(request, "programme/schedule.html", context)


@router.post("/{code}/tin/{bulletin_id:int}/xem-truoc", name="web.programme.check")
def check_page(
    request: Request, official: Official, uow: ReadUow, form: FormDep, code: str, bulletin_id: Id
) -> Response:
    """The conflicts preview of the form (htmx, as the official fills it): nothing is saved."""
    try:
        check = service.check_schedule(uow, official, code, bulletin_id, plays_of(form))
    except HubError as exc:
        return render(request, "programme/_check.html", {"check": None, "error": exc, **_labels()})
    return render(request, "programme/_check.html", {"check": check, "error": None, **_labels()})


def _labels() -> dict[str, Any]:
    return {"conflict_labels": CONFLICT_LABELS, "weekday_names": WEEKDAY_NAMES}


def _saved_message(check: service.ScheduleCheck) -> str:
    first = f" Lần phát đầu: {format_local(check.plays[0].start)}." if check.plays else ""
    if not check.clashes:
        return f"Đã xếp lịch phát tại {check.commune.name}.{first} Không có xung đột."
    said = " ".join(f"{c.detail}{f' (lặp lại {c.times} lần)' if c.times > 1 else ''}" for c in check.clashes[:3])
    return f"Đã xếp lịch phát tại {check.commune.name}.{first} Cần xem lại {len(check.clashes)} xung đột: {said}"


@router.post("/{code}/tin/{bulletin_id:int}")
def save_schedule(
    request: Request,
    official: Official,
    uow: WriteUow,
    session: WebSessionDep,
    form: FormDep,
    code: str,
    bulletin_id: Id,
) -> Response:
    try:
        check = service.schedule(uow, official, code, bulletin_id, plays_of(form))
    except HubError as exc:
        uow.rollback()
        context = schedule_context(uow, official, code, bulletin_id, form_values(form), exc)
        return render(request, "programme/schedule.html", context, status=exc.status)
    session.flash(_saved_message(check))
    return see_other(f"/quan-tri/tin/{bulletin_id}#panel-schedule")


@router.post("/{code}/tin/{bulletin_id:int}/khung-toi", name="web.programme.next_window")
def save_next_window(
    request: Request, official: Official, uow: WriteUow, session: WebSessionDep, code: str, bulletin_id: Id
) -> Response:
    check = service.schedule_next_window(uow, official, code, bulletin_id)
    session.flash(_saved_message(check))
    return see_other(f"/quan-tri/tin/{bulletin_id}#panel-schedule")


@router.post("/lich/{schedule_id:int}/bo", name="web.programme.unschedule")
def remove(request: Request, official: Official, uow: WriteUow, session: WebSessionDep, schedule_id: Id) -> Response:
    item = service.remove_schedule(uow, official, schedule_id)
    session.flash("Đã bỏ lịch phát.")
    return see_other(f"/quan-tri/tin/{item.bulletin_id}#panel-schedule")


@router.post("/{code}/thu-tu", name="web.programme.order")
def reorder(
    request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep, code: str
) -> Response:
    """The order of the items claiming the same moment of a window (up/down buttons, or dragged)."""
    ids = [parse_id(x.strip()) for x in forms.text(form, "order").split(",")]
    if any(x is None for x in ids):
        raise InvalidInput("Thứ tự gửi lên không hợp lệ; hãy tải lại trang.", code="order_invalid", field="order")
    service.set_play_order(uow, official, code, [x for x in ids if x is not None])
    session.flash("Đã đổi thứ tự phát trong khung giờ. Thiết bị nhận thứ tự mới ở lần cập nhật tới.")
    week = _week_of(forms.text(form, "tuan"))
    return see_other(f"{PATH}/{code}?tuan={week.isoformat()}")
