"""Answer benchmark: the time to find the bulletins that answer one citizen's question
(`hub.bulletins.service.answers`: candidates from the database, then ranking), with N published
bulletins, on SQLite and PostgreSQL. Prints JSON: p50/p95 over the questions, for a commune (the
bulletins sent to it, to the province or inside it) and for the whole province (every bulletin);
`candidate_query_*`: the database's part alone (the query that selects the candidates), the rest
is loading and ranking them in Python.

    .venv/bin/python bench/answers.py [--bulletins 2000] [--rounds 3] [--backends sqlite,postgresql]

In-process (no HTTP, no NLU): the question's strong words are its folded words that are not
question words, as the chat's would be. Bulletins are inserted in bulk (the ORM hook that folds the
search text is bypassed, so the bench folds it the same way).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, insert, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.dialogue.answers import QUESTION_WORDS  # noqa: E402
from hub.areas.model import AreaLevel  # noqa: E402
from hub.areas.seed import seed_province  # noqa: E402
from hub.areas.tables import area_table  # noqa: E402
from hub.bootstrap import build_hub  # noqa: E402
from hub.bulletins import service  # noqa: E402
from hub.bulletins.search import Question  # noqa: E402
from hub.bulletins.tables import bulletin_table, bulletin_target_table  # noqa: E402
from hub.config import Settings  # noqa: E402
from hub.db.migrate import upgrade  # noqa: E402
from hub.kit.text import fold  # noqa: E402
from hub.kit.time import utcnow  # noqa: E402
from tests.support.postgres import throwaway_database  # noqa: E402

ASKED_COMMUNE = "24169"  # Phường Ea Kao
TOPICS = [
    ("Tiêm phòng dại cho chó, mèo", "Tổ chức tiêm phòng bệnh dại cho chó, mèo tại nhà văn hóa.", "local_affairs"),
    ("Lịch tiêm phòng sởi cho trẻ em", "Trạm y tế tiêm vắc xin sởi cho trẻ từ 9 tháng tuổi.", "society"),
    ("Phun thuốc diệt muỗi", "Đội y tế phun hóa chất diệt muỗi phòng sốt xuất huyết.", "society"),
    ("Cắt điện để sửa chữa đường dây", "Điện lực cắt điện từ 7h đến 11h để thay dây.", "local_affairs"),
    ("Thu gom rác thải theo lịch mới", "Xe thu gom rác chạy sáng thứ Hai, thứ Tư và thứ Sáu.", "local_affairs"),
    ("Tạm ngừng cấp nước sạch", "Công ty cấp nước ngừng cung cấp nước sạch để súc rửa đường ống.", "local_affairs"),
    ("Đăng ký nghĩa vụ quân sự", "Thanh niên đủ 17 tuổi đăng ký nghĩa vụ quân sự.", "security_order"),
    ("Cảnh báo lừa đảo qua điện thoại", "Đối tượng giả danh công an gọi điện yêu cầu chuyển tiền.", "security_order"),
    ("Phòng cháy chữa cháy mùa khô", "Hộ gia đình kiểm tra bình chữa cháy, không đốt rác.", "disaster_emergency"),
    ("Cảnh báo mưa lớn và lũ quét", "Mưa lớn có thể gây ngập úng, sạt lở đất ven suối.", "disaster_emergency"),
    ("Hỗ trợ hộ nghèo mua bảo hiểm y tế", "Hộ nghèo được hỗ trợ tiền mua thẻ bảo hiểm y tế.", "policy_law"),
    ("Chi trả trợ cấp người cao tuổi", "Người cao tuổi nhận tiền trợ cấp xã hội.", "society"),
    ("Xử phạt lấn chiếm vỉa hè", "Đoàn kiểm tra xử phạt các hộ lấn chiếm vỉa hè, lòng đường.", "policy_law"),
    ("Hội chợ nông sản cà phê", "Hội chợ giới thiệu cà phê, sầu riêng, hồ tiêu của nông dân.", "products"),
    ("Kiểm tra an toàn thực phẩm", "Đoàn liên ngành kiểm tra vệ sinh an toàn thực phẩm ở chợ.", "society"),
    ("Phòng chống đuối nước cho trẻ em", "Phụ huynh không cho trẻ tắm sông, suối một mình.", "society"),
    ("Cho thanh niên vay vốn khởi nghiệp", "Ngân hàng chính sách cho thanh niên vay vốn.", "policy_law"),
    ("Lịch tiếp công dân của chủ tịch", "Chủ tịch tiếp công dân vào sáng thứ Năm hằng tuần.", "local_affairs"),
    ("Cấp căn cước công dân lưu động", "Công an làm căn cước lưu động tại nhà văn hóa.", "security_order"),
    ("Hướng dẫn chăm sóc cây cà phê mùa mưa", "Bón phân, làm cỏ và phòng bệnh rỉ sắt cho cà phê.", "products"),
]
QUESTIONS = [
    "khi nao tiem phong dai cho cho",
    "tiêm phòng dại cho mèo",
    "lich tiem soi cho tre",
    "có phun thuốc muỗi không",
    "sot xuat huyet",
    "khi nao cat dien",
    "mất điện đến mấy giờ",
    "lich thu gom rac",
    "xe rac chay ngay nao",
    "cat nuoc sach",
    "bao gio co nuoc",
    "dang ky nghia vu quan su",
    "thanh nien di nghia vu",
    "lua dao dien thoai",
    "gia danh cong an",
    "phong chay chua chay",
    "binh chua chay",
    "mua lon lu quet",
    "sat lo dat",
    "bao hiem y te ho ngheo",
    "the bhyt",
    "tro cap nguoi cao tuoi",
    "lan chiem via he",
    "hoi cho ca phe",
    "sau rieng",
    "an toan thuc pham",
    "ve sinh thuc pham o cho",
    "duoi nuoc tre em",
    "tam song suoi",
    "vay von khoi nghiep",
    "lich tiep cong dan",
    "chu tich tiep dan",
    "lam can cuoc",
    "cham soc ca phe mua mua",
    "benh ri sat",
    "tiem vac xin",
    "y te phuong",
    "ngap ung",
    "chuyen tien cho nguoi la",
    "kiem tra",
    "ho ngheo",
    "nha van hoa",
    "thay day dien",
    "nong dan",
    "ngan hang chinh sach",
    "bon phan",
    "tiem chung",
    "duong ong nuoc",
    "cong an",
    "hoa chat diet muoi",
]


def strong_words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for w in fold(text).split() if w not in QUESTION_WORDS))


def prepare(url: str, var_dir: Path, count: int) -> Settings:
    settings = Settings(database_url=url, var_dir=var_dir, secret_key="b" * 40, log_level="warning")
    hub = build_hub(settings)
    upgrade(hub.database.engine)
    with hub.database.uow() as uow:
        seed_province(uow, 66)
        uow.commit()
    with hub.database.engine.begin() as conn:
        areas = conn.execute(
            select(area_table.c.id, area_table.c.code, area_table.c.path, area_table.c.level).where(
                area_table.c.level.in_([AreaLevel.COMMUNE, AreaLevel.PROVINCE])
            )
        ).all()
        province = next(a for a in areas if a.level == AreaLevel.PROVINCE)
        asked = next(a for a in areas if a.code == ASKED_COMMUNE)
        communes = [a for a in areas if a.level == AreaLevel.COMMUNE]
        rng = random.Random(7)
        now = utcnow()
        bulletins, targets = [], []
        for bid in range(1, count + 1):
            # A quarter province-wide, a tenth to the asked commune, the rest to the other communes.
            roll = rng.random()
            area = province if roll < 0.25 else asked if roll < 0.35 else rng.choice(communes)
            title, body, category = rng.choice(TOPICS)
            title = f"{title} (đợt {bid})"
            published = now - timedelta(minutes=rng.randint(60, 60 * 24 * 365))
            bulletins.append(
                {
                    "id": bid,
                    "title": title,
                    "summary": "",
                    "body": body * 3,
                    "category": category,
                    "priority": "normal",
                    "status": "published",
                    "creating_area_id": area.id,
                    "author_id": None,
                    "valid_from": published,
                    "valid_until": None,
                    "revision": 1,
                    "approved_revision": 1,
                    "status_reason": "",
                    "origin": "bench",
                    "created_at": published,
                    "updated_at": published,
                    "published_at": published,
                    "version_id": 1,
                    "search_text": fold(f"{title}  {body * 3}"),
                }
            )
            targets.append({"bulletin_id": bid, "area_id": area.id, "area_code": area.code, "area_path": area.path})
        conn.execute(insert(bulletin_table), bulletins)
        conn.execute(insert(bulletin_target_table), targets)
    if hub.database.engine.dialect.name == "postgresql":
        with hub.database.engine.connect() as conn:
            conn.execute(text("ANALYZE"))  # as autovacuum would after such a load
    hub.close()
    return settings


def percentiles(latencies: list[float], prefix: str = "") -> dict[str, float]:
    latencies = sorted(latencies)
    return {
        f"{prefix}p50_ms": round(statistics.median(latencies) * 1000, 2),
        f"{prefix}p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 2),
    }


def measure(settings: Settings, rounds: int) -> dict[str, object]:
    hub = build_hub(settings)
    out: dict[str, object] = {}
    queries: list[float] = []  # the candidate query alone (the statement that reads `search_text`)

    def before(conn, _cursor, _statement, _parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        conn.info["began"] = time.perf_counter()

    def after(conn, _cursor, statement, _parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "search_text" in statement:
            queries.append(time.perf_counter() - conn.info["began"])

    event.listen(hub.database.engine, "before_cursor_execute", before)
    event.listen(hub.database.engine, "after_cursor_execute", after)
    try:
        with hub.database.uow() as uow:
            scopes = {"commune": uow.areas.get_by_code(ASKED_COMMUNE), "province": uow.areas.get_by_code("66")}
        for scope, area in scopes.items():
            assert area is not None
            latencies: list[float] = []
            queries.clear()
            answered = 0
            for _ in range(rounds):
                for text in QUESTIONS:
                    began = time.perf_counter()
                    with hub.database.uow() as uow:
                        found = service.answers(uow, area, Question(strong_words(text)), at=utcnow())
                    latencies.append(time.perf_counter() - began)
                    answered += bool(found)
            out[scope] = {
                "questions": len(latencies),
                "answered": answered,
                **percentiles(latencies),
                **percentiles(queries, "candidate_query_"),
            }
    finally:
        hub.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bulletins", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="times the 50 questions are asked")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    results: dict[str, object] = {"bulletins": args.bulletins, "cpu_cores": os.cpu_count()}
    for backend in args.backends.split(","):
        with throwaway_database(backend, "ttcs-bench-answers") as (url, work):
            settings = prepare(url, work, args.bulletins)
            results[backend] = measure(settings, args.rounds)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
