"""The peer of bench/api.py: a minimal FastAPI app on the same database doing ONE indexed query per
request (an area subtree's latest published bulletins), with no authentication, no service layer,
no audit — the framework's and the database's limit for the hub's bulletin list.

    TTCS_PEER_DATABASE_URL=… .venv/bin/python -m uvicorn bench.api_peer:app --port 8099
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI
from sqlalchemy import create_engine, text

from hub.areas.model import subtree_range

engine = create_engine(os.environ["TTCS_PEER_DATABASE_URL"], pool_size=20, max_overflow=20)
with engine.connect() as conn:
    PATHS: dict[str, str] = {code: path for code, path in conn.execute(text("SELECT code, path FROM area"))}

QUERY = text(
    "SELECT b.id, b.title, b.status, b.created_at FROM bulletin_target t JOIN bulletin b ON b.id = t.bulletin_id"
    " WHERE t.area_path >= :lo AND t.area_path < :hi AND b.status = 'published'"
    " ORDER BY t.bulletin_id DESC LIMIT 50"
)

app = FastAPI()


@app.get("/peer/bulletins")
def bulletins(area: str) -> list[dict[str, Any]]:
    lo, hi = subtree_range(PATHS[area])
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(QUERY, {"lo": lo, "hi": hi})]
