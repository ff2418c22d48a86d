"""The calendar the tests live in: years and case codes from the clock the tests run under (the real one,
or the one `scripts/next-year-clock.sh` moves to next year), never typed into a test.

The demo's cases were received a few days to three weeks before the template was seeded, each numbered
within the year it was received in (`PA-<year>-<seq>`): seeded in early January, the oldest ones carry
last year's code and the numbers start again. So a test names a demo case by its place in the demo
(`demo_case(8)`: the eighth filed by `hub.demo.feedback`), and the code is read from the seeded data.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from sqlalchemy import select

from hub.db.database import Database
from hub.feedback.tables import case_table
from hub.kit.time import local, utcnow

_demo_codes: list[str] = []


def this_year() -> int:
    """The year in Vietnam now."""
    return local(utcnow()).year


def case_prefix() -> str:
    """How the code of a case filed now begins: `PA-<this year>-`."""
    return f"PA-{this_year()}-"


def remember_demo_cases(database: Database) -> None:
    """Called once the template is seeded: the demo's case codes in the order they were filed."""
    with database.engine.connect() as conn:
        codes = list(conn.execute(select(case_table.c.code).order_by(case_table.c.id)).scalars())
    _demo_codes[:] = [c for c in codes if c]


def demo_case(n: int) -> str:
    """The code of the demo's n-th case (1-based, in the order `hub.demo.feedback` files them)."""
    assert _demo_codes, "the template database has not been seeded yet (use a database fixture first)"
    return _demo_codes[n - 1]


def real_clock_env() -> dict[str, str]:
    """The environment without libfaketime, for Chromium: under the moved clock its processes fail (page
    loads time out), so the browser keeps the real clock while the hub it shows runs on the moved one."""
    return {
        k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and not k.startswith("FAKETIME") and k != "PYTHONPATH"
    }


@contextlib.contextmanager
def real_clock_for_children() -> Iterator[None]:
    """Processes started inside keep the real clock: Rasa's server (its own Python 3.10, and TensorFlow)
    never comes up under libfaketime, and understanding a sentence does not depend on the date."""
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k == "LD_PRELOAD" or k.startswith("FAKETIME")}
    try:
        yield
    finally:
        os.environ.update(saved)
