"""The citizen portal's feedback pages: file feedback from a commune's page (`/phan-anh?xa=…`) and
check a case by its code (`/tra-cuu`). No account: the same intake (`hub.feedback.portal.filing.file_web`)
and the same public view (`hub.feedback.citizen_view.status`) as the citizens' API.

The case is committed before the page that tells its code is sent (post, redirect, get). The
browser keeps two cookies: its sender id (so that later filings come from the same citizen, and
the per-citizen rate limit applies) and the access keys of the cases it filed, so that this phone
shows their answers while anyone else typing the code sees only the status.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from hub.areas import service as areas
from hub.areas.model import Area, AreaLevel
from hub.db.uow import UnitOfWork
from hub.feedback import citizen_view as public
from hub.feedback.config import feedback_config
from hub.feedback.intake.attachments import AttachmentStore, Upload
from hub.feedback.model import parse_code
from hub.feedback.portal import filing as web
from hub.feedback.portal.endpoints import address_of
from hub.http.deps import HubDep, ReadUow, WriteUow
from hub.kit.errors import HubError, NotFound
from hub.kit.time import local, utcnow
from hub.portal.pages import CHOSEN, ONE_YEAR, PortalRoute
from hub.web import forms
from hub.web.routing import FormDep, page_router, see_other
from hub.web.templating import render

router = page_router(route_class=PortalRoute)
SENDER = "ttcs_nguoi_gui"  # cookie: the browser's sender id, issued at its first filing
KEYS = "ttcs_pa"  # cookie: "CODE:key" of the cases filed from this browser (the last few)
KEPT = 10
_KEY = re.compile(r"^(PA-\d{4}-\d{6}):([A-Za-z0-9_-]{8,64})$")


def _commune(uow: UnitOfWork, request: Request, code: str) -> tuple[Area | None, list[Area]]:
    """The commune the feedback is about (asked for, else the one chosen last) and its villages."""
    code = code.strip() or request.cookies.get(CHOSEN, "")
    try:
        area, ancestors, children, _ = areas.detail(uow, code) if code else (None, [], [], [])
    except NotFound:
        return None, []
    if area is None or area.level == AreaLevel.PROVINCE:
        return None, []
    if area.level != AreaLevel.COMMUNE:  # a village: file in its commune, with it chosen
        commune = next((a for a in reversed(ancestors) if a.level == AreaLevel.COMMUNE), None)
        return (commune, list(uow.areas.children(commune))) if commune else (None, [])
    return area, children


def _form_context(uow: UnitOfWork, request: Request, hub: Any, code: str, **extra: Any) -> dict[str, Any]:
    commune, villages = _commune(uow, request, code)
    config = feedback_config(hub)
    return {
        "title": "Gửi phản ánh, kiến nghị",
        "area": commune,
        "villages": villages,
        "categories": [(c.code, c.label) for c in config.categories],
        "max_photos": config.max_attachments,
        "max_mb": f"{config.max_image_bytes / (1024 * 1024):g}",
        "typed": {},
        "error": None,
        **extra,
    }


@router.get("/phan-anh", name="portal.feedback")
def form(request: Request, hub: HubDep, uow: ReadUow, xa: str = "") -> HTMLResponse:
    return render(request, "feedback/portal/form.html", _form_context(uow, request, hub, xa))


@router.post("/phan-anh", name="portal.feedback.file")
def file_feedback(request: Request, hub: HubDep, uow: WriteUow, posted: FormDep) -> Response:
    commune_code = forms.text(posted, "xa")
    photos = [p for p in posted.getlist("photos") if isinstance(p, UploadFile) and p.filename]
    typed = {k: v for k, v in posted.multi_items() if isinstance(v, str) and k != "csrf_token"}
    sender = request.cookies.get(SENDER) or None
    if sender and not re.fullmatch(r"[A-Za-z0-9_-]{16,128}", sender):
        sender = None
    images = [Upload(p.file.read(), p.filename or "") for p in photos]
    for part in posted.getlist("photos"):  # the form was read by the CSRF check: close its files here
        if isinstance(part, UploadFile):
            part.file.close()
    try:
        feedback = web.WebFeedback(
            text=forms.raw(posted, "text"),
            area_code=forms.text(posted, "thon") or commune_code or None,
            category=forms.text(posted, "category") or None,
            sender=sender,
            name=forms.text(posted, "name")[:200] or None,
            phone=forms.text(posted, "phone")[:32] or None,
            consent=bool(forms.text(posted, "consent")),
            share_location=bool(forms.text(posted, "share_location")),
            address=forms.text(posted, "address")[:300],
            images=images,
        )
        store = AttachmentStore.from_settings(hub.settings)
        filed, sender = web.file_web(uow, feedback_config(hub), store, feedback, address_of(request))
    except HubError as exc:
        uow.rollback()
        context = _form_context(uow, request, hub, commune_code, typed=typed, error=exc)
        return render(request, "feedback/portal/form.html", context, status=exc.status)
    case = filed.case
    # WriteUow commits when this returns, before the response leaves: the code shown is stored.
    response = see_other(f"/tra-cuu/{case.code}?moi=1")
    response.set_cookie(SENDER, sender, max_age=ONE_YEAR, httponly=True, samesite="lax")
    response.set_cookie(
        KEYS, _remember(request, case.code or "", case.access_key), max_age=ONE_YEAR, httponly=True, samesite="lax"
    )
    return response


def _kept(request: Request) -> dict[str, str]:
    found = {}
    for item in request.cookies.get(KEYS, "").split():
        match = _KEY.match(item)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def _remember(request: Request, code: str, key: str) -> str:
    kept = {c: k for c, k in _kept(request).items() if c != code}
    items = [*(f"{c}:{k}" for c, k in kept.items()), f"{code}:{key}"]
    return " ".join(items[-KEPT:])


@router.get("/tra-cuu", name="portal.lookup")
def lookup(request: Request, hub: HubDep, uow: ReadUow, ma: str = "") -> Response:
    ma = ma.strip()[:40]
    if ma:
        try:
            return see_other(f"/tra-cuu/{public.find(uow, ma).code}")
        except NotFound as exc:
            return render(request, "feedback/portal/lookup.html", _lookup_context(request, ma, exc), status=404)
    return render(request, "feedback/portal/lookup.html", _lookup_context(request, ""))


def _lookup_context(request: Request, typed: str, error: HubError | None = None) -> dict[str, Any]:
    return {"title": "Tra cứu phản ánh", "typed": typed, "error": error, "mine": sorted(_kept(request), reverse=True)}


@router.get("/tra-cuu/{code}", name="portal.case")
def case_status(request: Request, hub: HubDep, uow: ReadUow, code: str, moi: str = "") -> HTMLResponse:
    key = _kept(request).get(parse_code(code, local(utcnow()).year) or "")
    found = public.status(uow, feedback_config(hub), code, key=key)
    context = {"title": f"Phản ánh {found.code}", "s": found, "new": bool(moi)}
    return render(request, "feedback/portal/status.html", context)
