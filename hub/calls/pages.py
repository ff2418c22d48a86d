"""The officials' page of hotline calls (`/quan-tri/tong-dai`), and a case's recording for the page."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import FileResponse, HTMLResponse

from hub.calls import service
from hub.calls.model import RESULT_LABELS, Result
from hub.http.deps import HubDep, ReadUow
from hub.web import forms
from hub.web.routing import Official, page_router
from hub.web.templating import render

router = page_router("/quan-tri/tong-dai")
PAGE_SIZE = 50
STEPS = {
    "greeting": "chào",
    "emergency": "tin khẩn cấp",
    "menu": "danh sách chính",
    "news": "nghe tin",
    "schedule": "lịch phát thanh",
    "feedback": "phản ánh",
    "recorded": "đã ghi âm",
    "record_again": "ghi lại",
    "status": "tra cứu",
    "status_heard": "nghe kết quả",
    "office": "giờ làm việc",
    "goodbye": "chào kết thúc",
    "filing_failed": "chưa lưu được",
}


def step_label(step: str, names: dict[str, str] | None = None) -> str:
    """A step of a call as officials read it; `names` gives the areas' names by code."""
    kind, _, value = step.partition(":")
    if kind == "area":
        if value == "none":
            return "không chọn xã"
        return "chọn " + (names or {}).get(value, f"địa bàn mã {value}")
    if kind == "filed":
        return "gửi phản ánh " + value
    return STEPS.get(step, step)


@router.get("", name="web.calls")
def calls_page(request: Request, official: Official, uow: ReadUow, result: str = "", page: str = "1") -> HTMLResponse:
    number = forms.page_number(page)
    chosen = result if result in {r.value for r in Result} else ""
    found = service.list_calls(
        uow, official, results=(chosen,) if chosen else (), limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
    )
    codes = {step.partition(":")[2] for c in found.items for step in c.record.path.split() if step.startswith("area:")}
    names = {code: area.name for code, area in uow.areas.by_codes(sorted(codes - {"none"})).items()}
    context = {
        "title": "Cuộc gọi tổng đài",
        "current": "calls",
        "calls": found.items,
        "total": found.total,
        "more": number * PAGE_SIZE < found.total,
        "page": number,
        "chosen": chosen,
        "results": [(r.value, label) for r, label in RESULT_LABELS.items()],
        "labels": RESULT_LABELS,
        "step_label": lambda step: step_label(step, names),
    }
    return render(request, "calls/list.html", context)


@router.get("/ghi-am/{code}", name="web.calls.recording")
def recording(code: str, official: Official, uow: ReadUow, hub: HubDep) -> FileResponse:
    path, filename = service.recording_path(uow, official, hub.settings, code)
    return FileResponse(path, media_type="audio/wav", filename=filename)
