"""The moves an official makes on a case from the inbox: each form posts to
`/quan-tri/phan-anh/{code}/<verb>` and is one call of `hub.feedback.service` (or `publishing`), the
same call the API makes; the answer goes back on the channel the citizen used, through the outbox.

A refused move shows the case again with the service's reason and what was typed; a done move
redirects to the case with a message (post, redirect, get: a reload does not repeat it).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from hub.accounts.model import Principal
from hub.db.uow import UnitOfWork
from hub.feedback import publishing, service
from hub.feedback.config import FeedbackConfig, feedback_config
from hub.feedback.inbox.pages import detail_context, router
from hub.feedback.model import Case, parse_code
from hub.http.deps import HubDep, WriteUow
from hub.kit.errors import HubError
from hub.kit.time import local, utcnow
from hub.web import forms
from hub.web.routing import FormDep, Official, WebSessionDep, see_other
from hub.web.templating import render

Move = Callable[[UnitOfWork, FeedbackConfig, Principal, str, FormData], tuple[Case, str]]


def _answer(uow: UnitOfWork, config: FeedbackConfig, p: Principal, code: str, form: FormData) -> tuple[Case, str]:
    case = service.answer(uow, p, code, forms.raw(form, "text"))
    if forms.text(form, "publish"):
        number = publishing.publish_answer(uow, config, p, code)
        return case, f"Đã gửi trả lời cho người dân và soạn thành tin số {number} (chờ duyệt)."
    return case, "Đã gửi trả lời cho người dân qua kênh họ đã dùng."


def _publish(uow: UnitOfWork, config: FeedbackConfig, p: Principal, code: str, form: FormData) -> tuple[Case, str]:
    number = publishing.publish_answer(uow, config, p, code)
    return service.get(uow, p, code), f"Đã soạn trả lời thành tin số {number}, chờ duyệt để phát."


def _forward(uow: UnitOfWork, config: FeedbackConfig, p: Principal, code: str, form: FormData) -> tuple[Case, str]:
    case = service.forward(
        uow,
        config,
        p,
        code,
        forms.text(form, "reason"),
        area_code=forms.text(form, "area_code") or None,
        unit=forms.text(form, "unit") or None,
    )
    return case, f"Đã chuyển phản ánh đến {case.forwarded_to or case.unit_name}; người dân đã được báo."


def _merge(uow: UnitOfWork, config: FeedbackConfig, p: Principal, code: str, form: FormData) -> tuple[Case, str]:
    into = forms.text(form, "into")
    target = service.merge(uow, p, code, parse_code(into, local(utcnow()).year) or into)
    return target, f"Đã gộp {code.upper()} vào {target.code}; người dân sẽ nhận kết quả của {target.code}."


# path word → (the action's key in the page, the move)
MOVES: dict[str, tuple[str, Move]] = {
    "nhan": ("assign", lambda uow, cfg, p, code, f: (service.assign(uow, p, code), "Bạn đã nhận xử lý phản ánh.")),
    "giao": (
        "assign",
        lambda uow, cfg, p, code, f: (
            service.assign(uow, p, code, forms.text(f, "username") or None),
            f"Đã giao xử lý cho {forms.text(f, 'username') or p.username}.",
        ),
    ),
    "bat-dau": ("start", lambda uow, cfg, p, code, f: (service.start(uow, p, code), "Đã chuyển sang “Đang xử lý”.")),
    "tra-loi": ("answer", _answer),
    "dang-tin": ("publish", _publish),
    "chuyen": ("forward", _forward),
    "tu-choi": (
        "reject",
        lambda uow, cfg, p, code, f: (
            service.reject(uow, p, code, forms.text(f, "reason")),
            "Đã từ chối tiếp nhận; người dân đã được báo lý do.",
        ),
    ),
    "gop": ("merge", _merge),
    "ket-thuc": ("close", lambda uow, cfg, p, code, f: (service.close(uow, p, code), "Đã kết thúc phản ánh.")),
    "phan-loai": (
        "classify",
        lambda uow, cfg, p, code, f: (
            service.confirm_classification(uow, cfg, p, code, forms.text(f, "classification")),
            "Đã xác nhận phân loại; hạn trả lời tính theo phân loại này.",
        ),
    ),
}


def _move_page(verb: str) -> Callable[..., Response]:
    action, move = MOVES[verb]

    def act(
        request: Request,
        hub: HubDep,
        official: Official,
        uow: WriteUow,
        session: WebSessionDep,
        form: FormDep,
        code: str,
    ) -> Response:
        config = feedback_config(hub)
        try:
            case, done = move(uow, config, official, code, form)
        except HubError as exc:
            uow.rollback()
            context = detail_context(config, uow, official, code)
            typed = {k: v for k, v in form.multi_items() if k != "csrf_token" and isinstance(v, str)}
            context.update(error=exc, failed_action=action, typed=typed)
            return render(request, "feedback/detail.html", context, status=exc.status)
        session.flash(done)
        return see_other(f"/quan-tri/phan-anh/{case.code}")

    return act


for _verb in MOVES:
    router.add_api_route(f"/{{code}}/{_verb}", _move_page(_verb), methods=["POST"], name=f"web.feedback.{_verb}")
