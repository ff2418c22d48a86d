"""Writing a bulletin: compose a new one or edit one, with its Ê Đê and M'nông texts, and save it as a
draft or save and send it for approval in the same step. An official who may also approve (issue 15
§1) may save, approve and schedule it in one step: the schedule fields are the bulletin page's
(`programme/_fields.html`), saved with the same service (`hub.broadcasts.service.schedule`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from hub.accounts.access import scopes_for
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import Area
from hub.bulletins import service
from hub.bulletins.categories import CATEGORIES, Category
from hub.bulletins.model import BODY_MAX, PRIORITY_LABELS, SUMMARY_MAX, TITLE_MAX, Bulletin, Content, Priority, Variant
from hub.db.uow import UnitOfWork
from hub.http.deps import ReadUow, WriteUow
from hub.http.params import Id
from hub.kit.errors import HubError, InvalidInput, NotFound
from hub.kit.time import local, utcnow
from hub.web import forms
from hub.web.labels import LANGUAGES
from hub.web.routing import FormDep, Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

router = page_router("/quan-tri/tin")


@dataclass
class Draft:
    """The form's values as strings, so that whatever was typed can be shown again."""

    title: str = ""
    summary: str = ""
    body: str = ""
    category: str = Category.LOCAL_AFFAIRS.value
    priority: str = Priority.NORMAL.value
    valid_from: str = ""
    valid_until: str = ""
    targets: list[str] = field(default_factory=list)
    variants: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def of_form(cls, form: FormData) -> Draft:
        return cls(
            title=forms.text(form, "title"),
            summary=forms.text(form, "summary"),
            body=forms.raw(form, "body").strip(),
            category=forms.text(form, "category"),
            priority=forms.text(form, "priority") or Priority.NORMAL.value,
            valid_from=forms.text(form, "valid_from"),
            valid_until=forms.text(form, "valid_until"),
            targets=forms.many(form, "targets"),
            variants={
                lang: {"title": forms.text(form, f"title_{lang}"), "body": forms.raw(form, f"body_{lang}").strip()}
                for lang in LANGUAGES
            },
        )

    @classmethod
    def of_bulletin(cls, b: Bulletin) -> Draft:
        def shown(value: Any) -> str:
            return local(value).strftime("%Y-%m-%dT%H:%M") if value else ""

        return cls(
            title=b.title,
            summary=b.summary,
            body=b.body,
            category=str(b.category),
            priority=str(b.priority),
            valid_from=shown(b.valid_from),
            valid_until=shown(b.valid_until),
            targets=list(b.target_codes),
            variants={v.lang: {"title": v.title, "body": v.body} for v in b.variants},
        )

    def content(self, *, priority: Priority | None = None) -> Content:
        if not forms.one_of(self.category, Category):
            raise InvalidInput("Hãy chọn lĩnh vực của tin.", code="category_required", field="category")
        if not forms.one_of(self.priority, Priority):
            raise InvalidInput("Mức độ ưu tiên không hợp lệ.", code="priority_invalid", field="priority")
        start = forms.local_datetime(self.valid_from, field="valid_from", label="Thời điểm bắt đầu")
        end = forms.local_datetime(self.valid_until, field="valid_until", label="Thời điểm kết thúc")
        variants = []
        for lang, text in self.variants.items():
            if text.get("title") or text.get("body"):
                if not (text.get("title") and text.get("body")):
                    label = LANGUAGES.get(lang, lang)
                    raise InvalidInput(
                        f"Bản {label} cần có cả tiêu đề và nội dung (hoặc để trống cả hai).",
                        code="variant_incomplete",
                        field=f"title_{lang}",
                    )
                variants.append(Variant(lang, text["title"], text["body"]))
        return Content(
            title=self.title,
            body=self.body,
            summary=self.summary,
            category=Category(self.category),
            priority=priority or Priority(self.priority),
            valid_from=start or utcnow(),
            valid_until=end,
            target_codes=tuple(self.targets),
            variants=tuple(variants),
        )


def target_choices(
    uow: UnitOfWork, official: Principal, selected: list[str], permission: Permission = Permission.DRAFT
) -> list[tuple[Area, bool]]:
    """The areas the official may send to, each with whether it is a child (indented): every area
    of their grants and the areas just below; and whatever is already selected."""
    choices: dict[str, tuple[Area, bool]] = {}
    for scope in scopes_for(official, permission):
        area = areas.get(uow, scope.area_code)
        choices.setdefault(area.code, (area, False))
        for child in areas.browse(uow, area.code, None, 500):
            choices.setdefault(child.code, (child, True))
    for code in selected:
        if code not in choices:
            try:
                choices[code] = (areas.get(uow, code), False)
            except NotFound:  # shown by the service when the form is saved
                continue
    return list(choices.values())


def form_context(
    uow: UnitOfWork,
    official: Principal,
    draft: Draft,
    bulletin: Bulletin | None,
    error: HubError | None,
    form: FormData | None = None,
) -> dict[str, Any]:
    from hub.broadcasts import pages as programme

    return {
        "may_approve": bool(scopes_for(official, Permission.APPROVE)),
        **programme.compose_fields(form),
        "title": f"Sửa tin: {bulletin.title}" if bulletin else "Soạn tin mới",
        "current": "bulletins",
        "draft": draft,
        "bulletin": bulletin,
        "error": error,
        "choices": target_choices(uow, official, draft.targets),
        "categories": [(c.value, info.label) for c, info in CATEGORIES.items()],
        "priorities": [(p.value, label) for p, label in PRIORITY_LABELS.items()],
        "languages": LANGUAGES,
        "limits": {"title": TITLE_MAX, "summary": SUMMARY_MAX, "body": BODY_MAX},
    }


@router.get("/moi", name="web.compose")
def compose_page(request: Request, official: Official, uow: ReadUow) -> HTMLResponse:
    draft = Draft(targets=[official.scopes[0].area_code] if official.scopes else [])
    return render(request, "web/bulletins/form.html", form_context(uow, official, draft, None, None))


def approve_and_schedule(uow: UnitOfWork, official: Principal, bulletin_id: int, form: FormData) -> str:
    """ "Lưu, duyệt và xếp lịch phát": submit, approve (both refused unless the official may), then
    schedule the plays typed, if any, in the communes the bulletin plays in. Answers what to tell."""
    from hub.broadcasts import pages as programme

    plays = programme.compose_plays(form)  # a mistyped time is told before anything is approved
    service.submit(uow, official, bulletin_id)
    service.approve(uow, official, bulletin_id)
    if plays is None:
        return "Đã lưu và duyệt tin."
    return "Đã lưu và duyệt tin. " + programme.scheduled_message(
        programme.schedule_everywhere(uow, official, bulletin_id, plays)
    )


@router.post("/moi")
def compose(request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep) -> Response:
    draft = Draft.of_form(form)
    if forms.text(form, "_action") == "restore":
        return render(request, "web/bulletins/form.html", form_context(uow, official, draft, None, None, form))
    try:
        action = forms.text(form, "_action")
        bulletin = service.create(uow, official, draft.content())
        if action == "submit":
            service.submit(uow, official, bulletin.id)
        told = approve_and_schedule(uow, official, bulletin.id, form) if action == "approve" else ""
    except HubError as exc:
        uow.rollback()
        context = form_context(uow, official, draft, None, exc, form)
        return render(request, "web/bulletins/form.html", context, status=exc.status)
    session.flash(told or ("Đã lưu và gửi tin đi duyệt." if bulletin.status == "submitted" else "Đã lưu bản nháp."))
    return see_other(f"/quan-tri/tin/{bulletin.id}")


@router.get("/{bulletin_id:int}/sua", name="web.edit")
def edit_page(request: Request, official: Official, uow: ReadUow, bulletin_id: Id) -> HTMLResponse:
    bulletin = service.get(uow, official, bulletin_id)
    context = form_context(uow, official, Draft.of_bulletin(bulletin), bulletin, None)
    return render(request, "web/bulletins/form.html", context)


@router.post("/{bulletin_id:int}/sua")
def edit(
    request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep, bulletin_id: Id
) -> Response:
    draft = Draft.of_form(form)
    bulletin = service.get(uow, official, bulletin_id)
    if forms.text(form, "_action") == "restore":
        return render(request, "web/bulletins/form.html", form_context(uow, official, draft, bulletin, None, form))
    told = ""
    try:
        unsent = bulletin.status in ("draft", "rejected")
        service.edit(uow, official, bulletin_id, draft.content())
        if forms.text(form, "_action") == "submit" and unsent:
            service.submit(uow, official, bulletin_id)
        if forms.text(form, "_action") == "approve" and unsent:
            told = approve_and_schedule(uow, official, bulletin_id, form)
    except HubError as exc:
        uow.rollback()
        bulletin = service.get(uow, official, bulletin_id)
        context = form_context(uow, official, draft, bulletin, exc, form)
        return render(request, "web/bulletins/form.html", context, status=exc.status)
    session.flash(told or ("Đã lưu thay đổi." if bulletin.status != "submitted" else "Đã lưu; tin đang chờ duyệt."))
    return see_other(f"/quan-tri/tin/{bulletin_id}")
