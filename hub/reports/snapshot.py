"""The report's figures as a JSON document, to keep them as they were when frozen or submitted.

`dump` writes every figure of an `AnnualReport` (not the narrative, kept in its own columns) with
dates and times as ISO text; `load` rebuilds the same report, so a frozen report renders exactly as
it was, whatever happens to the data it was counted from afterwards.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date, datetime
from typing import Any

from hub.reports.model import (
    AnnualReport,
    AreaLine,
    BroadcastFigures,
    BulletinFigures,
    CallFigures,
    DeviceFigures,
    DeviceKindFigures,
    FeedbackFigures,
    Period,
    ReachFigures,
    Row,
    TrainingFigures,
    TrendPoint,
)

VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def dump(report: AnnualReport) -> dict[str, Any]:
    plain = replace(report, narrative=None, communes=[], frozen_at=None)
    document = _plain(asdict(plain))
    for key in ("narrative", "communes", "frozen_at"):
        document.pop(key, None)
    return {"version": VERSION, **document}


def _rows(items: list[dict[str, Any]]) -> list[Row]:
    return [Row(x["key"], x["label"], int(x["count"])) for x in items]


def load(document: dict[str, Any]) -> AnnualReport:
    d = document
    b, bc, dv, r, c, f = (d[k] for k in ("bulletins", "broadcasts", "devices", "reach", "calls", "feedback"))
    return AnnualReport(
        area_code=d["area_code"],
        area_name=d["area_name"],
        year=int(d["year"]),
        period=Period(date.fromisoformat(d["period"]["first_day"]), date.fromisoformat(d["period"]["last_day"])),
        generated_at=datetime.fromisoformat(d["generated_at"]),
        generated_by=d["generated_by"],
        bulletins=BulletinFigures(
            b["total"],
            _rows(b["by_level"]),
            _rows(b["by_priority"]),
            _rows(b["by_category"]),
            _rows(b["by_month"]),
            int(b.get("from_source", 0)),
        ),
        broadcasts=BroadcastFigures(
            loudspeakers=bc["loudspeakers"],
            scheduled_plays=bc["scheduled_plays"],
            scheduled_minutes=bc["scheduled_minutes"],
            played_on_schedule=bc["played_on_schedule"],
            played_on_schedule_minutes=bc["played_on_schedule_minutes"],
            plays_by_result=_rows(bc["plays_by_result"]),
            played_minutes=bc["played_minutes"],
            played_minutes_by_priority=[(k, label, float(m)) for k, label, m in bc["played_minutes_by_priority"]],
            live_minutes=float(bc.get("live_minutes", 0.0)),  # snapshots frozen before streams have none
            relayed_minutes=float(bc.get("relayed_minutes", 0.0)),
        ),
        devices=DeviceFigures([DeviceKindFigures(**k) for k in dv["kinds"]], _rows(dv["alarms"])),
        reach=ReachFigures(
            subscribers=r["subscribers"],
            new_subscribers=r["new_subscribers"],
            subscribers_by_channel=_rows(r["subscribers_by_channel"]),
            news_told=r["news_told"],
            news_delivered=r["news_delivered"],
            answers_sent=r["answers_sent"],
            answers_delivered=r["answers_delivered"],
            messages_by_status=_rows(r["messages_by_status"]),
        ),
        calls=CallFigures(c["calls"], c["minutes"], _rows(c["by_result"]), c["cases_filed"]),
        feedback=FeedbackFigures(
            received=f["received"],
            merged=f["merged"],
            answered=f["answered"],
            answered_on_time=f["answered_on_time"],
            closed_otherwise=f["closed_otherwise"],
            open_in_time=f["open_in_time"],
            open_overdue=f["open_overdue"],
            by_channel=_rows(f["by_channel"]),
            by_classification=_rows(f["by_classification"]),
            by_month=_rows(f["by_month"]),
        ),
        units=[AreaLine(**u) for u in d["units"]],
        training=TrainingFigures(**d.get("training", {"officials": 0, "trained": 0, "courses": 0})),
        trend=[TrendPoint(int(t["year"]), [(label, v) for label, v in t["values"]]) for t in d.get("trend", [])],
    )
