"""search: full-text index over the bulletins' folded text, for the chat's answers (hub/bulletins)

PostgreSQL: a stored generated column `search_vector` = `to_tsvector('simple', search_text)` with a
GIN index (stored, not an expression index: a common word matches many rows, and the planner then
filters them in date order; recomputing the vector of each row made that 40 ms for 2,000 bulletins,
reading it costs next to nothing). `search_text` is already folded
by `hub.kit.text.fold` (no marks, no case, "đ" → "d", apostrophes and punctuation gone) when a
bulletin is saved, and the question's words are folded by the same function, so the index needs no
`unaccent`: one folding in Python for both sides (and for the area names), instead of a second one
in SQL that would have to agree with it (`unaccent` keeps apostrophes and punctuation, for one) and
an extension the database owner would have to create. 'simple': no stemming, no stop words — a
Vietnamese syllable is a word, and "cho" must stay findable.

SQLite: an FTS5 table over the same folded text, with `bulletin` as its external content, kept by
triggers in the same transaction as the row, filled here for the existing rows.

Revision ID: 0017_search
Revises: 0016_codes
Create Date: 2026-12-03 11:15:00
"""

from __future__ import annotations

from alembic import op

revision = "0017_search"
down_revision = "0016_codes"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = {
    "bulletin_fts_insert": "AFTER INSERT ON bulletin BEGIN "
    "INSERT INTO bulletin_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "bulletin_fts_delete": "AFTER DELETE ON bulletin BEGIN "
    "INSERT INTO bulletin_fts(bulletin_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "bulletin_fts_update": "AFTER UPDATE OF search_text ON bulletin BEGIN "
    "INSERT INTO bulletin_fts(bulletin_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO bulletin_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE bulletin ADD COLUMN search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED"
        )
        # fastupdate off: bulletins are written rarely and read on every question; no pending list
        # for the searches to scan and for the planner to price in until a vacuum flushes it.
        op.execute(
            "CREATE INDEX ix_bulletin_search_vector ON bulletin USING gin (search_vector) WITH (fastupdate = off)"
        )
        return
    op.execute("CREATE VIRTUAL TABLE bulletin_fts USING fts5(search_text, content='bulletin', content_rowid='id')")
    for name, body in SQLITE_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute("INSERT INTO bulletin_fts(bulletin_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_bulletin_search_vector")
        op.execute("ALTER TABLE bulletin DROP COLUMN IF EXISTS search_vector")
        return
    for name in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS bulletin_fts")
