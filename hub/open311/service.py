"""Open311 GeoReport v2 on top of the feedback service.

* services: one per feedback category (`service_code` = the category code), type `realtime`;
  two attributes: `area_code` (where) and `consent` (keep the name, phone, e-mail given).
* POST requests: a case filed through `hub.feedback.intake.filing.file_case`, channel `open311`. The
  area is `address_id` or `attribute[area_code]` (an area code), else found from
  `address_string`, else the province. The reporter is the application's `account_id`, else the
  `device_id`, else the e-mail, else an anonymous one-off contact. The answer is `token`: it opens
  the citizen's own view (answer, reasons) and resolves to the request id.
* GET requests: public fields only. Without the request's token, no citizen's words, no answer,
  no coordinates; complaints and denunciations are not listed.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hub.accounts.model import Principal
from hub.areas import service as areas
from hub.areas.model import Area
from hub.config import Settings
from hub.contacts import service as contacts
from hub.db.uow import UnitOfWork
from hub.feedback import citizen_view
from hub.feedback import service as feedback
from hub.feedback.config import FeedbackConfig
from hub.feedback.intake import filing as intake
from hub.feedback.intake.attachments import AttachmentStore, Upload
from hub.feedback.model import STATUS_LABELS, UNANSWERED, Case, Classification, Status
from hub.feedback.portal.filing import source_key
from hub.feedback.repository import Listed
from hub.kit.errors import Forbidden, InvalidInput, NotFound
from hub.kit.time import as_utc, utcnow
from hub.open311.settings import Open311Settings

OPEN = "open"
CLOSED = "closed"
GROUP = "Phản ánh, kiến nghị"
MAX_REQUESTS = 1000
DEFAULT_WINDOW = timedelta(days=90)


def jurisdiction(settings: Settings) -> str:
    return settings.of(Open311Settings).open311_jurisdiction or str(settings.province_code)


def check_jurisdiction(settings: Settings, given: str | None) -> None:
    if given and given != jurisdiction(settings):
        raise NotFound(
            f"Hệ thống này phục vụ jurisdiction_id “{jurisdiction(settings)}”, không phải “{given}”.",
            code="jurisdiction_unknown",
        )


def services(config: FeedbackConfig) -> list[dict[str, Any]]:
    return [
        {
            "service_code": c.code,
            "service_name": c.label,
            "description": c.description + ("" if c.anonymous else " Cần họ tên và số điện thoại."),
            "metadata": True,
            "type": "realtime",
            "keywords": ", ".join(c.keywords),
            "group": GROUP,
        }
        for c in config.categories
    ]


def definition(config: FeedbackConfig, code: str) -> dict[str, Any]:
    try:
        category = config.categories.get(code)
    except InvalidInput as exc:
        raise NotFound(exc.detail, code="service_unknown") from exc
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": "area_code",
                "datatype": "string",
                "required": False,
                "datatype_description": "Mã xã, phường hoặc thôn (tra ở /api/v1/areas?q=tên).",
                "order": 1,
                "description": "Địa bàn xảy ra sự việc",
                "values": [],
            },
            {
                "variable": True,
                "code": "consent",
                "datatype": "singlevaluelist",
                "required": not category.anonymous,
                "datatype_description": "Đồng ý cho cơ quan nhà nước lưu họ tên, số điện thoại, e-mail để xử lý.",
                "order": 2,
                "description": "Đồng ý lưu thông tin liên hệ",
                "values": [{"key": "yes", "name": "Đồng ý"}, {"key": "no", "name": "Không đồng ý"}],
            },
        ],
    }


@dataclass(frozen=True)
class Filing:
    """A POST to /requests, as the form gave it."""

    fields: Mapping[str, str]
    media: Sequence[Upload] = ()


def _float(fields: Mapping[str, str], name: str) -> float | None:
    raw = (fields.get(name) or "").strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError as exc:
        raise InvalidInput(f"“{name}” phải là một số (tọa độ).", code="coordinate_invalid", field=name) from exc


def app_identity(settings: Settings, api_key: str | None) -> str:
    """Which application files: its key when it is one of ours. Refuses when keys are required."""
    keys = [k.strip() for k in settings.of(Open311Settings).open311_api_keys.split(",") if k.strip()]
    known = next((k for k in keys if api_key and hmac.compare_digest(k, api_key)), None)
    if settings.of(Open311Settings).open311_require_api_key and known is None:
        raise Forbidden(
            "Cần khóa ứng dụng (api_key) hợp lệ để gửi phản ánh qua Open311. Liên hệ quản trị hệ thống để được cấp.",
            code="api_key_required",
        )
    return known or ""


def file(
    uow: UnitOfWork,
    settings: Settings,
    config: FeedbackConfig,
    store: AttachmentStore,
    filing: Filing,
    address: str,
) -> intake.Filed:
    f = filing.fields
    check_jurisdiction(settings, f.get("jurisdiction_id"))
    app = app_identity(settings, f.get("api_key"))
    if not f.get("service_code"):
        raise InvalidInput("Thiếu service_code (lĩnh vực phản ánh).", code="service_code_required")
    consent = (f.get("attribute[consent]") or "yes").strip().lower() not in ("no", "false", "0", "khong")
    who = next(
        (
            f"{kind}:{f[name].strip()}"
            for kind, name in (("account", "account_id"), ("device", "device_id"), ("email", "email"))
            if f.get(name, "").strip() and (consent or kind != "email")
        ),
        None,
    )
    if who:
        prefix = source_key("app", app)[:8] if app else "public"
        contact = contacts.identify(uow, "open311", f"{prefix}:{who}"[:128])
    else:
        contact = contacts.anonymous(uow, "open311")
    name = " ".join(p for p in (f.get("first_name", "").strip(), f.get("last_name", "").strip()) if p)
    if consent and (name or f.get("phone") or f.get("email")):
        contacts.record_consent(uow, contact, True, name=name, phone=f.get("phone"), email=f.get("email"))
    media_url = (f.get("media_url") or "").strip()
    return intake.file_case(
        uow,
        config,
        contact,
        f.get("description", ""),
        area_code=_area_code(uow, f),
        category=f.get("service_code"),
        images=filing.media,
        media_urls=[media_url] if media_url else [],
        store=store,
        lat=_float(f, "lat"),
        lon=_float(f, "long"),
        address=f.get("address_string", ""),
        source=source_key("app", app) if app else source_key("ip", address),
    )


def _area_code(uow: UnitOfWork, f: Mapping[str, str]) -> str | None:
    for name in ("address_id", "attribute[area_code]"):
        if (f.get(name) or "").strip():
            return f[name].strip()
    text = (f.get("address_string") or "").strip()
    if text:
        found = areas.search(uow, text, limit=2)
        if found and found[0].rank <= 2 and (len(found) == 1 or found[1].rank > found[0].rank):
            return found[0].area.code
    return None


def _state(status: str) -> str:
    return OPEN if status in UNANSWERED else CLOSED


def request_view(uow: UnitOfWork, config: FeedbackConfig, case: Case, *, token: str | None = None) -> dict[str, Any]:
    """One request as Open311 shows it; the citizen's own words and the answer only with its token."""
    area = uow.areas.get(case.area_id)
    view = _public_view(config, case, area)
    if not citizen_view.is_reporter(case, key=token):
        return view
    shown = citizen_view.status(uow, config, case.code or "", key=token)
    if shown.answer:
        view["status_notes"] = shown.answer
    elif shown.reason:
        view["status_notes"] = f"{shown.status_label}: {shown.reason}"
    view["description"] = case.text or case.transcript
    view["lat"], view["long"] = case.lat, case.lon
    view["media_url"] = next((a.ref for a in case.attachments if a.kind == "link" and not a.removed_at), None)
    return view


def _public_view(config: FeedbackConfig, case: Case | Listed, area: Area | None) -> dict[str, Any]:
    confidential = case.classification == Classification.COMPLAINT
    return {
        "service_request_id": case.code,
        "status": _state(case.status),
        "status_notes": STATUS_LABELS[Status(case.status)],
        "service_name": "" if confidential else config.categories.get(case.category).label,
        "service_code": "" if confidential else case.category,
        "description": None,
        "agency_responsible": case.unit_name,
        "service_notice": "",
        "requested_datetime": _iso(case.received_at),
        "updated_datetime": _iso(case.updated_at),
        "expected_datetime": _iso(case.due_at),
        "address": area.name if area else "",
        "address_id": area.code if area else "",
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def find(uow: UnitOfWork, code: str) -> Case:
    return citizen_view.find(uow, code)


def search(
    uow: UnitOfWork,
    config: FeedbackConfig,
    *,
    ids: Sequence[str] = (),
    service_codes: Sequence[str] = (),
    start: datetime | None = None,
    end: datetime | None = None,
    states: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Requests by id, or the filtered list (default: the last 90 days, at most 1000), public fields.

    `service_codes` and `states` are lists (the spec's comma-separated values); a state other than
    "open" or "closed" is refused."""
    wanted = {s.strip().lower() for s in states if s.strip()}
    unknown = sorted(wanted - {OPEN, CLOSED})
    if unknown:
        raise InvalidInput(
            f"Trạng thái “{unknown[0]}” không hợp lệ; dùng open hoặc closed.", code="status_unknown", field="status"
        )
    if ids:
        found = []
        for code in ids[:MAX_REQUESTS]:
            try:
                found.append(find(uow, code))
            except NotFound:
                continue
        return [_public_view(config, c, uow.areas.get(c.area_id)) for c in found]
    statuses: tuple[str, ...] = ()
    if wanted:
        statuses = tuple(
            s.value
            for s in Status
            if (s in UNANSWERED and OPEN in wanted) or (s not in UNANSWERED and CLOSED in wanted)
        )
    now = utcnow()
    page = feedback.list_cases(
        uow,
        Principal.system("open311"),
        statuses=statuses,
        categories=tuple(service_codes),
        classifications=(Classification.FEEDBACK.value,),
        received_from=as_utc(start) if start else (None if end else now - DEFAULT_WINDOW),
        received_to=as_utc(end) if end else None,
        limit=MAX_REQUESTS,
    )
    found_areas = uow.areas.by_ids({i.area_id for i in page.items})
    return [_public_view(config, item, found_areas.get(item.area_id)) for item in page.items]
