"""One submission per form: the idempotency token of the officials' forms that create or change
something (compose, edit, emergency, accounts …).

A form that includes `{{ m.once() }}` carries a fresh random token. The page route (`PageRoute`)
claims the token before the handler runs, in a transaction of its own on a unique key, so whichever
request comes second — the browser's Back + resubmit, the same form in two tabs, a double click —
finds it taken: it is sent to the page the first submission led to (or told that the first one is
still being saved) and nothing is done twice. A submission that did not finish (a Vietnamese error
shown on the form) gives the token back, so the official corrects the form and sends it again.
The citizens' feedback form dedupes the same way by its `client_ref` and the text (feedback intake).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from sqlalchemy import Column, Integer, String, Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from hub.db.database import Database
from hub.db.schema import UTCDateTime, metadata
from hub.kit.time import utcnow

FIELD = "form_once"
KEEP = timedelta(days=2)  # a form left open longer than this is a new form again
SAME_VALUES = timedelta(minutes=2)  # the same values again this soon: Back + resubmit, not a new intent
_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

form_submission_table = Table(
    "form_submission",
    metadata,
    Column("token", String(64), primary_key=True),
    Column("user_id", Integer, nullable=True),
    Column("claimed_at", UTCDateTime, nullable=False, index=True),
    Column("location", String(500), nullable=True),
)
t = form_submission_table.c


def new_token() -> str:
    return secrets.token_urlsafe(24)


def valid(token: str) -> bool:
    return bool(_SHAPE.match(token))


class Taken:
    """The token was used before: `location` is where its submission led (None: still being saved)."""

    def __init__(self, location: str | None) -> None:
        self.location = location


def fingerprint(session_secret: str, path: str, fields: list[tuple[str, str]]) -> str:
    """The same form with the same values sent to the same path in the same browser session: what
    the browser's Back + resubmit sends when it re-fetched the form (and so a fresh token)."""
    kept = sorted((k, v) for k, v in fields if k not in (FIELD, "csrf_token"))
    digest = hashlib.sha256(repr((session_secret, path, kept)).encode()).hexdigest()
    return "fp-" + digest[:40]


def claim(database: Database, token: str, user_id: int | None, *, fresh_for: timedelta | None = None) -> Taken | None:
    """Claim the token for this submission (committed at once); a Taken when another one had it.
    With `fresh_for`, a claim older than that is stale and taken over."""
    now = utcnow()
    with database.uow() as uow:
        session = uow.session
        session.execute(delete(form_submission_table).where(t.claimed_at < now - KEEP))
        if fresh_for is not None:
            session.execute(delete(form_submission_table).where(t.token == token, t.claimed_at < now - fresh_for))
        try:
            with session.begin_nested():
                session.execute(insert(form_submission_table).values(token=token, user_id=user_id, claimed_at=now))
        except IntegrityError:
            location = session.execute(select(t.location).where(t.token == token)).scalar_one_or_none()
            uow.commit()
            return Taken(location)
        uow.commit()
    return None


def finish(database: Database, token: str, location: str) -> None:
    with database.uow() as uow:
        uow.session.execute(update(form_submission_table).where(t.token == token).values(location=location[:500]))
        uow.commit()


def release(database: Database, token: str) -> None:
    with database.uow() as uow:
        uow.session.execute(delete(form_submission_table).where(t.token == token, t.location.is_(None)))
        uow.commit()
