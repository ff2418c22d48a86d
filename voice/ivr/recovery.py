"""Recordings an earlier run left behind (the process stopped between recording and filing) are
filed at the next start, through the same port as a live call, so no citizen's feedback is lost."""

from __future__ import annotations

import logging
from pathlib import Path

from voice.ivr import recording as recordings
from voice.ivr.model import Backend, Commune

log = logging.getLogger(__name__)


def recover(backend: Backend, store: Path) -> list[str]:
    """File the recordings left in `store` without a case (incomplete). Returns their codes."""
    codes = []
    for note, made in recordings.orphans(store):
        commune_code = note.get("commune")
        commune = Commune(str(commune_code), "") if commune_code else None
        try:
            codes.append(backend.file_feedback(str(note.get("caller", "")), commune, made, incomplete=True))
        except Exception:
            log.exception("ivr: a recording left by an earlier run could not be filed (%s)", made.ref)
    return codes
