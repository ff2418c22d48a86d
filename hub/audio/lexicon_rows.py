"""The lexicon's rows as the normaliser's `Lexicon`, read on a bare connection.

`hub.audio.lexicon.load` (inside a unit of work) and `ttcs normalize` (on an engine of its own, with
no hub built, so that the command answers at once) both read it here.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from hub.audio.tables import speech_lexicon_table
from voice.normalize import Lexicon


def read(connection: Connection) -> Lexicon:
    """Built-in entries overridden by the officials' ones (an empty reading hides a built-in)."""
    table = speech_lexicon_table
    rows = connection.execute(select(table.c.term, table.c.spoken)).all()
    version = connection.execute(select(func.max(table.c.version))).scalar_one()
    return Lexicon({term: spoken for term, spoken in rows}, int(version or 0))
