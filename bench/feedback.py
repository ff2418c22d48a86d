"""Feedback benchmark on PostgreSQL: case intake per second through the service layer and through
Open311 (one `ttcs serve` process), and duplicate-suggestion latency with 100,000 cases stored.
Prints JSON.

    .venv/bin/python bench/feedback.py [--cases 100000] [--seconds 8] [--clients 16]

Intake: every case is a new citizen (a new contact) so that the per-citizen rate limit does not
apply; the per-address limit is raised for the run. Suggestions: the cases are spread over the
102 communes with one busy ward holding a tenth of them, all still open (the worst case: the
duplicate index holds only open cases), and each query is a re-worded variant of a stored case.
The client runs on the same machine (2 cores here) and competes with the server: figures are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hub.accounts.service import ensure_admin  # noqa: E402
from hub.areas.model import AreaLevel  # noqa: E402
from hub.areas.seed import seed_province  # noqa: E402
from hub.areas.tables import area_table  # noqa: E402
from hub.bootstrap import build_hub  # noqa: E402
from hub.config import Settings  # noqa: E402
from hub.contacts import service as contacts  # noqa: E402
from hub.db.migrate import upgrade  # noqa: E402
from hub.demo.seed import seed_demo  # noqa: E402
from hub.feedback import service  # noqa: E402
from hub.feedback.config import build_config  # noqa: E402
from hub.feedback.intake import filing as intake  # noqa: E402
from hub.feedback.model import format_code  # noqa: E402
from hub.feedback.tables import case_table, sequence_table, term_table  # noqa: E402
from hub.feedback.text import normalise, terms  # noqa: E402
from hub.kit.time import utcnow  # noqa: E402
from tests.support.postgres import start_cluster  # noqa: E402
from tests.support.server import Server  # noqa: E402

PASSWORD = "ttcs-demo-2026"
EA_KAO = "24169"
ISSUES = [
    "đường bị ngập nước",
    "đèn đường không sáng",
    "rác thải chưa được thu gom",
    "cống thoát nước bị tắc",
    "loa truyền thanh phát quá to",
    "ổ gà lớn giữa đường",
    "cây đổ chắn lối đi",
    "nước sinh hoạt bị đục",
    "tiếng ồn karaoke về khuya",
    "lấn chiếm vỉa hè buôn bán",
    "khói đốt rác gây ô nhiễm",
    "cầu tràn bị sạt lở",
    "mất điện thường xuyên",
    "mái trường học bị dột",
    "trạm y tế thiếu thuốc",
    "xe tải chở quá tải làm hỏng đường",
    "bãi rác tự phát ven suối",
    "đường bê tông bị nứt vỡ",
]
PLACES = ["thôn {n}", "buôn Ea {n}", "tổ dân phố {n}", "đường số {n}", "gần chợ {n}", "trước trường tiểu học số {n}"]
DETAILS = [
    "đã ba ngày nay",
    "từ tuần trước",
    "mỗi khi trời mưa lớn",
    "vào ban đêm",
    "ảnh hưởng đến học sinh đi học",
    "người già đi lại rất khó khăn",
    "bà con rất bức xúc",
    "nguy hiểm cho xe máy",
]


def feedback_text(rng: random.Random) -> tuple[str, str, str]:
    issue, place = rng.choice(ISSUES), rng.choice(PLACES).format(n=rng.randint(1, 12))
    detail = rng.choice(DETAILS)
    return f"{issue.capitalize()} ở {place} {detail}, đề nghị chính quyền xử lý sớm.", issue, place


def reworded(issue: str, place: str) -> str:
    """How another citizen reports the same thing: no diacritics, other words around it."""
    from hub.kit.text import fold

    return f"{fold(place)} {fold(issue)} may hom nay roi ko ai xu ly"


def settings_for(url: str, work: Path, **extra: object) -> Settings:
    """The benches' hub: quiet, no embedded worker, the intake rate limits out of the way."""
    return Settings(
        database_url=url,
        var_dir=work,
        secret_key="b" * 40,
        log_level="warning",
        embedded_worker=False,
        feedback_rate_per_source=10**9,
        feedback_rate_per_sender=10**9,
        **extra,
    )


def prepare(settings: Settings) -> None:
    hub = build_hub(settings)
    upgrade(hub.database.engine)
    with hub.database.uow() as uow:
        result = seed_province(uow, 66)
        ensure_admin(uow, result.province, "admin-password-1")
        seed_demo(uow, PASSWORD)
        uow.commit()
    hub.database.dispose()


def service_intake(
    settings: Settings, seconds: float, threads: int, *, keep_latencies: bool = False
) -> dict[str, object]:
    hub = build_hub(settings)
    config = build_config(settings)
    with hub.database.engine.connect() as conn:
        communes = list(
            conn.execute(select(area_table.c.code).where(area_table.c.level == AreaLevel.COMMUNE)).scalars()
        )
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    def run(n: int) -> None:
        nonlocal errors
        rng = random.Random(n)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                with hub.database.uow() as uow:
                    contact = contacts.identify(uow, "zalo", f"bench-{n}-{secrets.token_hex(6)}")
                    intake.file_case(
                        uow, config, contact, feedback_text(rng)[0], area_code=rng.choice(communes), category="other"
                    )
                    uow.commit()
            except Exception:
                errors += 1
                continue
            latencies.append(time.perf_counter() - started)

    began, cpu = time.perf_counter(), time.process_time()
    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - began
    hub.database.dispose()
    if keep_latencies:
        return {"latencies": latencies, "elapsed": elapsed, "errors": errors}
    # Python CPU spent per case in this process (PostgreSQL's own work is not counted): a figure
    # that depends less on what else the machine is doing than cases per second.
    cpu_ms = round((time.process_time() - cpu) / max(1, len(latencies)) * 1000, 2)
    return {**_figures(latencies, elapsed, errors, threads), "client_cpu_ms_per_case": cpu_ms}


def _cpu_seconds(pid: int) -> float:
    """User and system CPU of a process so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _intake_process(args: tuple[Settings, float]) -> tuple[list[float], float, int]:
    settings, seconds = args
    figures = service_intake(settings, seconds, 1, keep_latencies=True)
    return figures["latencies"], figures["elapsed"], figures["errors"]


def service_intake_processes(settings: Settings, seconds: float, processes: int) -> dict[str, object]:
    """The service layer in several processes, as several hub processes or workers would call it."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_intake_process, [(settings, seconds)] * processes)
    latencies = [x for lat, _, _ in results for x in lat]
    elapsed = max(e for _, e, _ in results)
    return {"processes": processes, **_figures(latencies, elapsed, sum(err for _, _, err in results), processes)}


def _figures(latencies: list[float], elapsed: float, errors: int, clients: int) -> dict[str, object]:
    latencies.sort()
    return {
        "clients": clients,
        "cases": len(latencies),
        "errors": errors,
        "cases_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000, 2),
    }


async def open311_intake(base: str, seconds: float, clients: int, communes: list[str]) -> dict[str, object]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def one(http: httpx.AsyncClient, rng: random.Random) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            body = {
                "service_code": "infrastructure",
                "description": feedback_text(rng)[0],
                "address_id": rng.choice(communes),
            }
            started = time.perf_counter()
            response = await http.post("/open311/v2/requests.json", data=body)
            if response.status_code != 200:
                errors += 1
                continue
            latencies.append(time.perf_counter() - started)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        began = time.perf_counter()
        await asyncio.gather(*(one(http, random.Random(i)) for i in range(clients)))
        elapsed = time.perf_counter() - began
    return _figures(latencies, elapsed, errors, clients)


CASE_COLUMNS = [
    *("id", "code", "year", "seq", "channel", "text", "search_text", "text_hash", "category", "classification"),
    *("suggested_classification", "classification_confirmed", "status", "area_id", "area_path", "scope_area_id"),
    *("unit_area_id", "unit_path", "unit_name", "origin_path", "received_at", "due_at", "updated_at", "answer_text"),
    *("status_reason", "forwarded_to", "reporters", "transcript", "incomplete", "address", "access_key"),
    *("intake_source", "version_id"),
]


def load_cases(settings: Settings, count: int) -> tuple[list[tuple[int, str, str, str]], int]:
    """Store `count` open cases (and their duplicate index) in bulk, with COPY on PostgreSQL and
    batched inserts elsewhere (`bench/web.py` loads them into SQLite too); returns samples to query."""
    hub = build_hub(settings)
    rng = random.Random(7)
    now = utcnow()
    with hub.database.engine.connect() as conn:
        rows = conn.execute(
            select(area_table.c.id, area_table.c.code, area_table.c.path).where(area_table.c.level == AreaLevel.COMMUNE)
        ).all()
        start = conn.execute(text("SELECT coalesce(max(id), 0) FROM feedback_case")).scalar_one() + 1
        year = conn.execute(text("SELECT coalesce(max(year), 2026) FROM feedback_case")).scalar_one()
        seq0 = conn.execute(text("SELECT coalesce(max(seq), 0) FROM feedback_case")).scalar_one()
    busy = next(r for r in rows if r.code == EA_KAO)
    samples: list[tuple[int, str, str, str]] = []
    cases, term_rows = [], []
    for i in range(count):
        area = busy if rng.random() < 0.1 else rng.choice(rows)
        body, issue, place = feedback_text(rng)
        case_id, seq = start + i, seq0 + i + 1
        received = now - timedelta(minutes=rng.randint(0, 60 * 24 * 60))
        cases.append(
            (case_id, format_code(year, seq), year, seq, "zalo", body, normalise(body), "", "other",
             "feedback", "feedback", False, "received", area.id, area.path, area.id, area.id, area.path,
             f"UBND {area.code}", area.path, received, received + timedelta(days=14), received, "", "", "",
             1, "", False, "", secrets.token_urlsafe(12), "", 1)
        )  # fmt: skip
        term_rows.extend((area.id, term, case_id) for term in terms(body))
        if rng.random() < 0.01:
            samples.append((area.id, reworded(issue, place), area.code, format_code(year, seq)))
    if hub.database.engine.dialect.name == "postgresql":
        _copy(hub, cases, term_rows)
    else:
        _insert(hub, cases, term_rows)
    with hub.database.engine.begin() as conn:
        conn.execute(sequence_table.delete().where(sequence_table.c.year == year))
        conn.execute(sequence_table.insert().values(year=year, last=seq0 + count))
        for table in ("feedback_case", "feedback_term"):
            conn.execute(text(f"ANALYZE {table}"))
    hub.database.dispose()
    return samples, len(term_rows)


def _copy(hub, cases: list[tuple], term_rows: list[tuple]) -> None:
    raw = hub.database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy(f"COPY feedback_case ({', '.join(CASE_COLUMNS)}) FROM STDIN") as case_copy:
            for row in cases:
                case_copy.write_row(row)
        with cursor.copy("COPY feedback_term (scope_area_id, term, case_id) FROM STDIN") as term_copy:
            for row in term_rows:
                term_copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


def _insert(hub, cases: list[tuple], term_rows: list[tuple]) -> None:
    with hub.database.engine.begin() as conn:
        for i in range(0, len(cases), 5000):
            conn.execute(
                case_table.insert(), [dict(zip(CASE_COLUMNS, row, strict=True)) for row in cases[i : i + 5000]]
            )
        names = ("scope_area_id", "term", "case_id")
        for i in range(0, len(term_rows), 20000):
            conn.execute(term_table.insert(), [dict(zip(names, row, strict=True)) for row in term_rows[i : i + 20000]])


def suggestion_latency(settings: Settings, samples: list[tuple[int, str, str, str]]) -> dict[str, object]:
    hub = build_hub(settings)
    latencies: list[float] = []
    busy: list[float] = []
    found = 0
    with hub.database.uow(write=False) as uow:
        for scope_id, query, area_code, _code in samples:
            started = time.perf_counter()
            suggestions = service.similar_to_text(uow, scope_id, query)
            elapsed = time.perf_counter() - started
            latencies.append(elapsed)
            if area_code == EA_KAO:
                busy.append(elapsed)
            found += bool(suggestions)
    hub.database.dispose()
    latencies.sort()
    busy.sort()

    def pct(values: list[float], p: float) -> float:
        return round(values[max(0, int(len(values) * p) - 1)] * 1000, 2)

    return {
        "queries": len(latencies),
        "with_suggestions": found,
        "p50_ms": pct(latencies, 0.5),
        "p95_ms": pct(latencies, 0.95),
        "p99_ms": pct(latencies, 0.99),
        "busy_ward_queries": len(busy),
        "busy_ward_p95_ms": pct(busy, 0.95) if busy else None,
    }


async def similar_over_http(base: str, codes: list[str]) -> dict[str, object]:
    response = httpx.post(f"{base}/api/v1/auth/token", data={"username": "duyet.tinh", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    latencies = []
    async with httpx.AsyncClient(base_url=base, timeout=60, headers=headers) as http:
        for code in codes:
            started = time.perf_counter()
            r = await http.get(f"/api/v1/feedback/{code}/similar")
            r.raise_for_status()
            latencies.append(time.perf_counter() - started)
    latencies.sort()
    return {
        "requests": len(latencies),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ttcs-bench-feedback-"))
    cluster = start_cluster()
    results: dict[str, object] = {"backend": "postgresql", "cpu_cores": os.cpu_count(), "load_average": os.getloadavg()}
    try:
        url = cluster.url("postgres")
        settings = settings_for(url, work)
        prepare(settings)
        results["intake_service_1_thread"] = service_intake(settings, args.seconds, 1)
        results[f"intake_service_{args.threads}_threads"] = service_intake(settings, args.seconds, args.threads)
        results["intake_service_2_processes"] = service_intake_processes(settings, args.seconds, 2)
        env = {
            "TTCS_DATABASE_URL": url,
            "TTCS_VAR_DIR": str(work),
            "TTCS_SECRET_KEY": "b" * 40,
            "TTCS_EMBEDDED_WORKER": "false",
            "TTCS_LOG_LEVEL": "warning",
            "TTCS_FEEDBACK_RATE_PER_SOURCE": str(10**9),
        }
        two = Server(env, work / "server2.log", "--no-migrate", "--workers", "2").start()
        try:
            communes = [
                a["code"]
                for a in httpx.get(f"{two.url}/api/v1/areas", params={"level": "commune", "limit": 500}).json()
            ]
            results["intake_open311_2_processes"] = asyncio.run(
                open311_intake(two.url, args.seconds, args.clients, communes)
            )
        finally:
            two.stop()
        server = Server(env, work / "server.log", "--no-migrate").start()
        try:
            before = _cpu_seconds(server.process.pid)
            figures = asyncio.run(open311_intake(server.url, args.seconds, args.clients, communes))
            spent = _cpu_seconds(server.process.pid) - before
            figures["server_cpu_ms_per_case"] = round(spent / max(1, int(figures["cases"])) * 1000, 2)
            results["intake_open311_1_process"] = figures
            began = time.perf_counter()
            samples, term_rows = load_cases(settings, args.cases)
            with build_hub(settings).database.engine.connect() as conn:
                stored = conn.execute(text("SELECT count(*) FROM feedback_case")).scalar_one()
            results["suggestions"] = {
                "cases_in_database": stored,
                "index_rows": term_rows,
                "load_s": round(time.perf_counter() - began, 1),
                **suggestion_latency(settings, samples),
                "over_http": asyncio.run(similar_over_http(server.url, [s[3] for s in samples[:200]])),
            }
        finally:
            server.stop()
    finally:
        cluster.destroy()
    results["load_average_after"] = os.getloadavg()
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
