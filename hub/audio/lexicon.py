"""The pronunciation lexicon officials extend: "how do we say UBMTTQ, Cư M'gar, H'Linh …".

Every change is a new version of the whole lexicon (the highest `version` of its rows), audited.
Removing a term leaves a row with an empty spoken form, which also hides a built-in entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.accounts.access import require_anywhere
from hub.accounts.model import Permission, Principal
from hub.audio import lexicon_rows
from hub.audio.model import LexiconEntry
from hub.audio.repository import AudioRepository
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.kit.errors import InvalidInput, NotFound
from hub.kit.text import fold
from hub.kit.time import utcnow
from voice.normalize import BUILTIN, Lexicon

TERM_MAX = 100
SPOKEN_MAX = 500


@dataclass(frozen=True)
class Term:
    term: str
    spoken: str
    builtin: bool
    version: int


@dataclass(frozen=True)
class LexiconView:
    version: int
    terms: list[Term]


def load(uow: UnitOfWork) -> Lexicon:
    """The lexicon the normaliser uses: built-in entries overridden by the officials' ones."""
    return lexicon_rows.read(uow.session.connection())


def view(uow: UnitOfWork, principal: Principal, query: str = "") -> LexiconView:
    """The lexicon in use; with `query`, the terms whose spelling or reading contains it (no marks
    or case needed: "uy ban" finds UBND)."""
    require_anywhere(principal, Permission.READ)
    repo = AudioRepository(uow.session)
    own = {e.term: e for e in repo.lexicon()}
    terms = [Term(t, s, True, 0) for t, s in sorted(BUILTIN.items()) if t not in own]
    terms += [Term(e.term, e.spoken, e.term in BUILTIN, e.version) for e in own.values() if e.spoken]
    wanted = fold(query)
    if wanted:
        terms = [t for t in terms if wanted in fold(t.term) or wanted in fold(t.spoken)]
    return LexiconView(repo.lexicon_version(), sorted(terms, key=lambda t: t.term.lower()))


def put(uow: UnitOfWork, principal: Principal, term: str, spoken: str) -> LexiconEntry:
    """Add or change how a term is said."""
    require_anywhere(principal, Permission.MANAGE_AREAS)
    term, spoken = _valid_term(term), " ".join(spoken.split())
    if not spoken:
        raise InvalidInput("Cần ghi cách đọc của từ viết tắt.", code="spoken_required", field="spoken")
    if len(spoken) > SPOKEN_MAX:
        raise InvalidInput(f"Cách đọc dài quá {SPOKEN_MAX} ký tự.", code="spoken_too_long", field="spoken")
    return _save(uow, principal, term, spoken, "audio.lexicon.put")


def remove(uow: UnitOfWork, principal: Principal, term: str) -> LexiconEntry:
    """Stop expanding a term (an official's or a built-in one)."""
    require_anywhere(principal, Permission.MANAGE_AREAS)
    term = _valid_term(term)
    repo = AudioRepository(uow.session)
    existing = repo.lexicon_entry(term)
    if term not in BUILTIN and (existing is None or not existing.spoken):
        raise NotFound(f"Không có từ “{term}” trong từ điển cách đọc.", code="lexicon_term_not_found")
    return _save(uow, principal, term, "", "audio.lexicon.remove")


def _save(uow: UnitOfWork, principal: Principal, term: str, spoken: str, action: str) -> LexiconEntry:
    repo = AudioRepository(uow.session)
    version = repo.lexicon_version() + 1
    now = utcnow()
    entry = repo.lexicon_entry(term)
    before = entry.spoken if entry else BUILTIN.get(term, "")
    if entry is None:
        entry = LexiconEntry(term=term, spoken=spoken, version=version, updated_at=now, updated_by_id=principal.user_id)
        repo.add(entry)
    else:
        entry.spoken, entry.version, entry.updated_at = spoken, version, now
        entry.updated_by_id = principal.user_id
    repo.flush()
    record(
        uow,
        principal,
        action,
        "speech_lexicon",
        term,
        revision=version,
        details={"term": term, "before": before, "after": spoken},
    )
    return entry


def _valid_term(term: str) -> str:
    term = term.strip()
    if not term:
        raise InvalidInput("Cần ghi từ viết tắt.", code="term_required", field="term")
    if len(term) > TERM_MAX or any(ch.isspace() for ch in term):
        raise InvalidInput(
            f"Từ viết tắt phải là một từ, không có khoảng trắng, tối đa {TERM_MAX} ký tự.",
            code="term_invalid",
            field="term",
        )
    return term
