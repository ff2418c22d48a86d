"""Annual report benchmark: time to build the whole province's report (66) and to render each format,
over a year of realistic volume. Prints JSON.

    .venv/bin/python bench/report.py [--bulletins 10000] [--cases 100000] [--devices 300]
                                     [--backends sqlite,postgresql]

Data: the seeded province with the demo (as `bench/api.py`), then, spread over the current reporting
period: N bulletins in every state (the released ones approved), M feedback cases (a third answered,
most of them on time), D loudspeakers across the communes with three plays a day each for the whole
period, five daily schedule items per commune, an offline alert a month per device and its heartbeat
history (every hour but those its alerts cover), and 5,000 calls.
The rows are inserted in bulk; the report is then built once to warm up and timed `--runs` times.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text, update

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from api import prepare  # noqa: E402

from hub.accounts.model import Principal  # noqa: E402
from hub.areas.model import AreaLevel  # noqa: E402
from hub.areas.tables import area_table  # noqa: E402
from hub.bootstrap import build_hub  # noqa: E402
from hub.broadcasts.tables import broadcast_schedule_table  # noqa: E402
from hub.bulletins.tables import bulletin_table  # noqa: E402
from hub.calls.tables import call_record_table  # noqa: E402
from hub.config import Settings  # noqa: E402
from hub.devices.model import hour_number  # noqa: E402
from hub.devices.tables import device_alert_table, device_seen_table, device_table, play_log_table  # noqa: E402
from hub.feedback.tables import case_table  # noqa: E402
from hub.kit.time import utcnow  # noqa: E402
from hub.reports import render_html, render_pdf, render_xlsx, service  # noqa: E402
from hub.reports.model import Period  # noqa: E402
from tests.support.postgres import start_cluster  # noqa: E402

CHUNK = 5_000


def _insert(conn, table, rows: list[dict]) -> None:
    for i in range(0, len(rows), CHUNK):
        conn.execute(insert(table), rows[i : i + CHUNK])


def fill(settings: Settings, cases: int, devices: int) -> dict[str, int]:
    hub = build_hub(settings)
    rng = random.Random(11)
    now = utcnow()
    period = Period.annual(Period.year_of(now))
    start = period.start
    days = max(1, (min(now, period.end) - start).days)
    counts: dict[str, int] = {}
    with hub.database.engine.begin() as conn:
        communes = conn.execute(
            select(area_table.c.id, area_table.c.code, area_table.c.path).where(area_table.c.level == AreaLevel.COMMUNE)
        ).all()
        conn.execute(
            update(bulletin_table)
            .where(bulletin_table.c.status.in_(("approved", "published", "expired", "withdrawn")))
            .values(approved_at=bulletin_table.c.created_at)
        )
        released = conn.execute(
            select(bulletin_table.c.id, bulletin_table.c.creating_area_id).where(
                bulletin_table.c.approved_at.is_not(None)
            )
        ).all()
        by_area: dict[int, list[int]] = {}
        for bid, area_id in released:
            by_area.setdefault(area_id, []).append(bid)
        schedules = []
        for area in communes:
            for bid in rng.sample(by_area.get(area.id, []), min(5, len(by_area.get(area.id, [])))):
                schedules.append(
                    {"area_id": area.id, "bulletin_id": bid, "recurrence": "daily", "times": ["06:10", "17:10"],
                     "days": [], "starts_on": None, "ends_on": None, "created_at": start}
                )  # fmt: skip
        _insert(conn, broadcast_schedule_table, schedules)
        counts["schedules"] = len(schedules)

        device_rows = []
        for i in range(devices):
            area = communes[i % len(communes)]
            device_rows.append(
                {"imei": f"bench-{i:06d}", "name": f"Cụm loa {i}", "kind": "loudspeaker", "area_id": area.id,
                 "area_code": area.code, "area_path": area.path, "volume": 70, "token_hash": f"{i:064d}",
                 "state": "online", "status": {}, "alarms": [], "created_at": start - timedelta(days=30)}
            )  # fmt: skip
        _insert(conn, device_table, device_rows)
        speakers = conn.execute(
            select(device_table.c.id, device_table.c.area_id).where(device_table.c.imei.startswith("bench-"))
        ).all()
        plays, alerts = [], []
        for device_id, area_id in speakers:
            mine = by_area.get(area_id) or [released[0][0]]
            for day in range(days):
                for hour in (6, 11, 17):
                    begin = start + timedelta(days=day, hours=hour - 7, minutes=10)
                    result = "played" if rng.random() < 0.93 else rng.choice(("missed", "interrupted", "failed"))
                    plays.append(
                        {"device_id": device_id, "item_id": f"b{rng.choice(mine)}r1@{day}-{hour}",
                         "bulletin_id": rng.choice(mine), "started_at": begin,
                         "ended_at": begin + timedelta(seconds=rng.randint(60, 240)), "result": result,
                         "detail": "", "received_at": begin}
                    )  # fmt: skip
            for month in range(0, days, 30):
                opened = start + timedelta(days=month + rng.random() * 29)
                alerts.append(
                    {"device_id": device_id, "area_path": "", "kind": "offline", "opened_at": opened,
                     "closed_at": opened + timedelta(hours=rng.randint(1, 48)), "detail": ""}
                )  # fmt: skip
        _insert(conn, play_log_table, plays)
        _insert(conn, device_alert_table, alerts)
        silent: dict[int, list[tuple[datetime, datetime]]] = {}
        for alert in alerts:
            silent.setdefault(alert["device_id"], []).append((alert["opened_at"], alert["closed_at"]))
        hours = int((min(now, period.end) - start).total_seconds() // 3600)
        heard = 0
        for device_id, _ in speakers:
            gaps = silent.get(device_id, [])
            batch = []
            for h in range(hours):
                hour = start + timedelta(hours=h)
                if not any(a <= hour < b for a, b in gaps):
                    batch.append({"device_id": device_id, "hour": hour_number(hour)})
            _insert(conn, device_seen_table, batch)
            heard += len(batch)
        counts |= {"devices": devices, "play_logs": len(plays), "device_alerts": len(alerts), "heard_hours": heard}

        first_id = conn.execute(text("SELECT coalesce(max(id), 0) FROM feedback_case")).scalar_one() + 1
        case_rows = []
        for i in range(cases):
            area = rng.choice(communes)
            received = start + timedelta(minutes=rng.randint(0, days * 24 * 60))
            due = received + timedelta(days=14)
            answered = received + timedelta(days=rng.randint(1, 20)) if rng.random() < 0.33 else None
            case_rows.append(
                {"id": first_id + i, "code": None, "year": 0, "seq": 0, "channel": rng.choice(("web", "zalo", "ivr")),
                 "text": "Phản ánh về đường sá", "category": "infrastructure", "classification": "feedback",
                 "suggested_classification": "feedback", "status": "answered" if answered else "received",
                 "area_id": area.id, "area_path": area.path, "scope_area_id": area.id, "unit_area_id": area.id,
                 "unit_path": area.path, "unit_name": f"UBND {area.code}", "origin_path": area.path,
                 "received_at": received, "due_at": due, "updated_at": received, "answered_at": answered,
                 "access_key": f"k{i}", "version_id": 1}
            )  # fmt: skip
        _insert(conn, case_table, case_rows)
        calls = []
        for i in range(5_000):
            area = rng.choice(communes)
            begin = start + timedelta(minutes=rng.randint(0, days * 24 * 60))
            calls.append(
                {"call_ref": f"bench-{i}", "area_id": area.id, "area_path": area.path, "started_at": begin,
                 "ended_at": begin + timedelta(seconds=90), "duration_seconds": 90, "path": "greeting menu news",
                 "result": "news", "case_code": None}
            )  # fmt: skip
        _insert(conn, call_record_table, calls)
        counts |= {"cases": cases, "calls": len(calls), "released_bulletins": len(released)}
    if hub.database.engine.dialect.name == "postgresql":
        with hub.database.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    hub.database.dispose()
    return counts


def measure(settings: Settings, runs: int) -> dict[str, object]:
    hub = build_hub(settings)
    system = Principal.system("cli")
    timings: dict[str, list[float]] = {"build": [], "xlsx": [], "pdf": [], "html": []}
    cpu: dict[str, list[float]] = {k: [] for k in timings}
    renderers = {"xlsx": render_xlsx.render, "pdf": render_pdf.render, "html": render_html.render}
    sizes: dict[str, int] = {}
    for run in range(runs + 1):  # the first run warms up (imports, fonts, caches)
        with hub.database.uow(write=False) as uow:
            began, began_cpu = time.perf_counter(), time.process_time()
            report = service.build(uow, system, "66")
            built, built_cpu = time.perf_counter() - began, time.process_time() - began_cpu
        if run:
            timings["build"].append(built)
            cpu["build"].append(built_cpu)
        for fmt, render in renderers.items():
            began, began_cpu = time.perf_counter(), time.process_time()
            sizes[fmt] = len(render(report))
            if run:
                timings[fmt].append(time.perf_counter() - began)
                cpu[fmt].append(time.process_time() - began_cpu)
    hub.database.dispose()
    figures = {
        "bulletins_in_report": report.bulletins.total,
        "scheduled_plays": report.broadcasts.scheduled_plays,
        "played_minutes": round(report.broadcasts.played_minutes),
        "feedback_received": report.feedback.received,
    }
    seconds = {k: round(statistics.median(v), 3) for k, v in timings.items()}
    cpu_seconds = {k: round(statistics.median(v), 3) for k, v in cpu.items()}
    total = {f"total_{fmt}_s": round(seconds["build"] + seconds[fmt], 3) for fmt in renderers}
    # Wall time on a shared machine waits for the CPU too; the process's own CPU time is the steadier figure.
    return {"median_s": seconds, "median_cpu_s": cpu_seconds, **total, "bytes": sizes, "figures": figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulletins", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--devices", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backends", default="sqlite")
    args = parser.parse_args()
    results = {}
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory(prefix="ttcs-bench-report-") as tmp:
            cluster = None
            if backend == "postgresql":
                cluster = start_cluster()
                url = cluster.url("postgres")
            else:
                url = f"sqlite:///{tmp}/bench.sqlite3"
            try:
                began = time.perf_counter()
                prepare(url, Path(tmp), args.bulletins)
                settings = Settings(database_url=url, var_dir=Path(tmp), secret_key="b" * 40, log_level="warning")
                volume = fill(settings, args.cases, args.devices)
                prepared = round(time.perf_counter() - began, 1)
                results[backend] = {"volume": volume, "prepare_s": prepared, **measure(settings, args.runs)}
            finally:
                if cluster is not None:
                    cluster.destroy()
    print(json.dumps({"bench": "annual report, province 66", "results": results}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
