"""SQL statements and commits per chat message (web, Zalo) and per feedback case (the service,
Open311), counted on the engine, in one process: figures that do not depend on the machine's load.
Prints JSON.

    .venv/bin/python bench/chat_statements.py [--messages 40] [--sqlite]

A web message and a Zalo message are a citizen's next messages in a conversation (their commune
remembered by a first message); a Zalo message is stored as the webhook stores it, then processed
and its reply sent to the loopback Zalo API as the fast path after the acknowledgement does. A
feedback case is a new citizen's, through `file_case` and through the Open311 route's filing.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from chat import MESSAGES, prepare  # noqa: E402
from feedback import feedback_text  # noqa: E402

from bench.feedback import settings_for  # noqa: E402
from bot import inbox  # noqa: E402
from bot.channels.zalo import webhook  # noqa: E402
from bot.model import Inbound  # noqa: E402
from hub.areas.model import AreaLevel  # noqa: E402
from hub.areas.tables import area_table  # noqa: E402
from hub.bootstrap import build_hub  # noqa: E402
from hub.contacts import service as contacts  # noqa: E402
from hub.feedback.config import feedback_config  # noqa: E402
from hub.feedback.intake import filing as intake  # noqa: E402
from hub.open311 import endpoints as open311  # noqa: E402
from hub.open311 import service as open311_service  # noqa: E402
from tests.support.postgres import start_cluster  # noqa: E402
from tests.support.zalo_server import ZaloServer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=40)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of a throwaway PostgreSQL")
    parser.add_argument("--verbose", action="store_true", help="also the statements, by kind")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ttcs-bench-statements-"))
    cluster = None if args.sqlite else start_cluster()
    url = f"sqlite:///{work}/ttcs.sqlite" if cluster is None else cluster.url("postgres")
    results: dict[str, object] = {"backend": "sqlite" if cluster is None else "postgresql"}
    try:
        prepare(url, work)
        with ZaloServer() as zalo_api:
            settings = settings_for(url, work, **zalo_api.hub_settings())
            hub = build_hub(settings)
            seen: list[str] = []
            commits = [0]
            event.listen(hub.database.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
            event.listen(hub.database.engine, "commit", lambda conn: commits.__setitem__(0, commits[0] + 1))

            def measure(work: Callable[[int], None]) -> dict[str, object]:
                work(-1)
                seen.clear()
                commits[0] = 0
                began = time.perf_counter()
                for i in range(args.messages):
                    work(i)
                n = args.messages
                figures: dict[str, object] = {
                    "statements": round(len(seen) / n, 2),
                    "commits": round(commits[0] / n, 2),
                    "ms_in_process": round((time.perf_counter() - began) / n * 1000, 2),
                }
                if args.verbose:
                    kinds = collections.Counter(re.sub(r"\s+", " ", s)[:100] for s in seen)
                    figures["by_statement"] = {k: round(v / n, 2) for k, v in kinds.most_common()}
                return figures

            for i in range(4):  # each citizen names their commune first
                inbox.converse(hub, Inbound("web", f"web-{i}", f"id:first-{i}", text="ea kao"))
                stored = webhook.store(hub, Inbound("zalo", f"88{i:08d}", f"first-{i}", text="ea kao"))
                inbox.handle_now(hub, stored or 0)

            def web(i: int) -> None:
                who = f"web-{i % 4}"
                key = f"id:{secrets.token_hex(6)}"
                inbox.converse(hub, Inbound("web", who, key, text=MESSAGES[i % len(MESSAGES)]))

            def zalo(i: int) -> None:
                message = Inbound("zalo", f"88{i % 4:08d}", secrets.token_hex(6), text=MESSAGES[i % len(MESSAGES)])
                stored = webhook.store(hub, message)
                assert stored is not None
                inbox.handle_now(hub, stored)

            with hub.database.engine.connect() as conn:
                level = area_table.c.level == AreaLevel.COMMUNE
                communes = list(conn.execute(select(area_table.c.code).where(level)).scalars())
            rng = random.Random(1)
            config = feedback_config(hub)

            def case(i: int) -> None:
                with hub.database.uow() as uow:
                    contact = contacts.identify(uow, "zalo", f"bench-{secrets.token_hex(6)}")
                    text, area = feedback_text(rng)[0], rng.choice(communes)
                    intake.file_case(uow, config, contact, text, area_code=area, category="other")
                    uow.commit()

            def open311_case(i: int) -> None:
                fields = {"service_code": "infrastructure", "description": feedback_text(rng)[0]}
                fields["address_id"] = rng.choice(communes)
                open311._file(hub, open311_service.Filing(fields, []), "127.0.0.1")

            results["web_message"] = measure(web)
            results["zalo_message"] = measure(zalo)
            results["feedback_case_service"] = measure(case)
            results["feedback_case_open311"] = measure(open311_case)
            hub.close()
    finally:
        if cluster is not None:
            cluster.destroy()
    results["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
