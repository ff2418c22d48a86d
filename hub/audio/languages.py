"""Which languages a commune broadcasts, in which order ("tiếng Việt, rồi tiếng Ê Đê"), and which
bulletins will play in Vietnamese only because a language's recording is missing.

The choice is kept per area (`broadcast_language`); an area without one follows the nearest area
above it, and with none at all the loudspeakers play Vietnamese only. Changing it changes what the
area's devices play, so it emits `ProgrammeChanged` and the devices collect again.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.accounts.access import areas_for, require
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import Area, AreaLevel
from hub.audio.model import LANGUAGE_LABELS, AudioStatus, BroadcastLanguages, check_languages
from hub.audio.repository import AudioRepository
from hub.audit.service import record
from hub.broadcasts.events import ProgrammeChanged
from hub.bulletins import service as bulletins
from hub.bulletins.model import Bulletin, Status
from hub.bulletins.repository import Listed
from hub.db.uow import UnitOfWork
from hub.kit.errors import InvalidInput
from hub.kit.time import utcnow


def label(lang: str) -> str:
    return LANGUAGE_LABELS.get(lang, f"ngôn ngữ “{lang}”")


@dataclass(frozen=True)
class AreaLanguages:
    area: Area
    langs: tuple[str, ...]
    chosen_by: Area | None  # the area whose choice applies (itself, one above it, or None: the default)

    @property
    def inherited(self) -> bool:
        return self.chosen_by is not None and self.chosen_by.id != self.area.id

    @property
    def labels(self) -> list[str]:
        return [label(lang) for lang in self.langs]


def view(uow: UnitOfWork, principal: Principal, area_code: str) -> AreaLanguages:
    area = areas.get(uow, area_code)
    require(principal, Permission.READ, area)
    langs, path = AudioRepository(uow.session).broadcast_languages(area.path)
    chosen_by = None
    if path is not None:
        chosen_by = area if path == area.path else next((a for a in uow.areas.ancestors(area) if a.path == path), None)
    return AreaLanguages(area, langs, chosen_by)


def set_languages(uow: UnitOfWork, principal: Principal, area_code: str, langs: list[str]) -> AreaLanguages:
    """Choose the order an area broadcasts in; approvers and admins of the area. Audited."""
    area = areas.get(uow, area_code)
    require(principal, Permission.APPROVE, area)
    if area.level == AreaLevel.VILLAGE:
        raise InvalidInput(
            "Ngôn ngữ phát được chọn cho cả xã, phường (các thôn, buôn theo xã).",
            code="languages_per_commune",
            field="area_code",
        )
    order = check_languages(langs)
    repo = AudioRepository(uow.session)
    found = repo.languages_of(area.id)
    before = list(found.langs) if found else []
    if found is None:
        found = BroadcastLanguages(area_id=area.id, langs=order, updated_at=utcnow(), updated_by_id=principal.user_id)
        repo.add(found)
    else:
        found.langs, found.updated_at, found.updated_by_id = order, utcnow(), principal.user_id
    repo.flush()
    record(
        uow,
        principal,
        "audio.languages.set",
        "area",
        area.code,
        area_code=area.code,
        details={"langs": order, "before": before},
    )
    uow.emit(ProgrammeChanged(area_code=area.code, area_path=area.path, change="languages"))
    return AreaLanguages(area, tuple(order), area)


@dataclass(frozen=True)
class Missing:
    """A bulletin that plays in Vietnamese only somewhere, because these languages have no audio."""

    bulletin: Bulletin | Listed
    area_names: list[str]
    langs: list[str]

    @property
    def labels(self) -> list[str]:
        return [label(lang) for lang in self.langs]


def missing(uow: UnitOfWork, bulletin: Bulletin | Listed) -> Missing | None:
    """Which languages the bulletin's receiving areas broadcast but it has no ready audio for, where."""
    repo = AudioRepository(uow.session)
    ready = {a.lang for a in repo.bulletin_audios(bulletin.id) if a.status == AudioStatus.READY}
    wanted: dict[str, set[str]] = {}  # lang → area paths
    if isinstance(bulletin, Bulletin):
        targets = [t.area_path for t in bulletin.targets]
    else:
        targets = [a.path for a in uow.areas.by_codes(bulletin.target_codes).values()]
    for target in targets:
        langs, _ = repo.broadcast_languages(target)
        chosen = {target: langs, **repo.languages_below(target)}
        for path, area_langs in chosen.items():
            for lang in area_langs:
                if lang not in ready and lang != "vi":
                    wanted.setdefault(lang, set()).add(path)
    if not wanted:
        return None
    paths = sorted({p for ps in wanted.values() for p in ps})
    names = {a.path: a.name for a in uow.areas.by_codes(p.strip("/").split("/")[-1] for p in paths).values()}
    return Missing(bulletin, [names.get(p, p) for p in paths], sorted(wanted, key=list(LANGUAGE_LABELS).index))


LIVE = (Status.APPROVED.value, Status.PUBLISHED.value)


def vietnamese_only(uow: UnitOfWork, principal: Principal, limit: int = 50) -> list[Missing]:
    """The approved and published bulletins the principal may read that will play in Vietnamese only
    in some commune which broadcasts another language too (the dashboard's warning)."""
    reach = areas_for(principal, Permission.READ)
    if not (reach.everything or reach.subtrees):
        return []
    found = bulletins.list_bulletins(uow, principal, statuses=LIVE, limit=limit, newest="updated")
    return [m for b in found.items if (m := missing(uow, b)) is not None]
