"""SQL of the audio domain, and the one query for "the audio of a bulletin ready for devices" that
the devices, broadcasts and reports domains build on (`ready_for_devices`, `ready_duration`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, func, select
from sqlalchemy.orm import Session

from hub.areas.model import ancestor_paths
from hub.areas.tables import area_table
from hub.audio.model import (
    DEFAULT_LANGUAGES,
    AudioStatus,
    BroadcastLanguages,
    BulletinAudio,
    LexiconEntry,
    Recording,
    Rendering,
)
from hub.audio.tables import (
    audio_file_table,
    audio_recording_table,
    audio_rendering_table,
    broadcast_language_table,
    bulletin_audio_table,
    speech_lexicon_table,
)

# What devices play: the Vietnamese audio, as MP3 (`audio` of an item; the commune's other
# languages are its `variants`, see `ready_variants`).
DEVICE_LANG = "vi"
DEVICE_FORMAT = "mp3"


@dataclass(frozen=True)
class ReadyAudio:
    """The ready device audio of one bulletin revision."""

    bulletin_id: int
    revision: int
    sha256: str
    bytes: int
    duration_ms: int
    lang: str = DEVICE_LANG


@dataclass(frozen=True)
class PublishedFile:
    bulletin_id: int
    lang: str
    sha256: str
    storage_key: str
    duration_ms: int


def ready_for_devices() -> Select[Any]:
    """(bulletin_id, revision, sha256, bytes, duration_ms) of every bulletin's ready device audio.
    Other domains narrow it (`.where(...)`) or take one column of it (`ready_duration`) rather than
    joining the audio tables themselves."""
    ba, af = bulletin_audio_table.c, audio_file_table.c
    return (
        select(ba.bulletin_id, ba.revision, af.sha256, af.bytes, af.duration_ms)
        .select_from(bulletin_audio_table)
        .join(audio_file_table, af.rendering_id == ba.rendering_id)
        .where(ba.lang == DEVICE_LANG, ba.status == AudioStatus.READY.value, af.format == DEVICE_FORMAT)
    )


def ready_duration(bulletin_id: ColumnElement[int]) -> ScalarSelect[Any]:
    """The duration of the ready device audio of the bulletin `bulletin_id` (a column of the
    caller's query, correlated), or NULL while it has none."""
    query = ready_for_devices().with_only_columns(audio_file_table.c.duration_ms, maintain_column_froms=False)
    return query.where(bulletin_audio_table.c.bulletin_id == bulletin_id).limit(1).scalar_subquery()


class AudioRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- renderings (the cache) -----------------------------------------------------------------

    def rendering(self, key: str) -> Rendering | None:
        query = select(Rendering).where(audio_rendering_table.c.key == key)
        return self._session.scalars(query).one_or_none()

    def rendering_by_id(self, rendering_id: int) -> Rendering | None:
        return self._session.get(Rendering, rendering_id)

    def add(self, item: object) -> None:
        self._session.add(item)

    def flush(self) -> None:
        self._session.flush()

    def count_renderings(self) -> int:
        return self._session.execute(select(func.count()).select_from(audio_rendering_table)).scalar_one()

    # -- the audio of bulletins ---------------------------------------------------------------

    def bulletin_audio(self, bulletin_id: int, lang: str) -> BulletinAudio | None:
        c = bulletin_audio_table.c
        query = select(BulletinAudio).where(c.bulletin_id == bulletin_id, c.lang == lang)
        return self._session.scalars(query).one_or_none()

    def bulletin_audios(self, bulletin_id: int) -> Sequence[BulletinAudio]:
        c = bulletin_audio_table.c
        return self._session.scalars(select(BulletinAudio).where(c.bulletin_id == bulletin_id).order_by(c.lang)).all()

    def ready_for_devices(self, bulletin_ids: Iterable[int]) -> list[ReadyAudio]:
        """The ready device audio of these bulletins, in one query."""
        ids = sorted(set(bulletin_ids))
        if not ids:
            return []
        query = ready_for_devices().where(bulletin_audio_table.c.bulletin_id.in_(ids))
        return [ReadyAudio(*row) for row in self._session.execute(query)]

    def ready_variants(self, bulletin_ids: Iterable[int], langs: Iterable[str]) -> list[ReadyAudio]:
        """The ready device audio of these bulletins in each of `langs`, in one query."""
        ids, wanted = sorted(set(bulletin_ids)), sorted(set(langs))
        if not ids or not wanted:
            return []
        ba, af = bulletin_audio_table.c, audio_file_table.c
        query = (
            select(ba.bulletin_id, ba.revision, af.sha256, af.bytes, af.duration_ms, ba.lang)
            .select_from(bulletin_audio_table)
            .join(audio_file_table, af.rendering_id == ba.rendering_id)
            .where(
                ba.bulletin_id.in_(ids),
                ba.lang.in_(wanted),
                ba.status == AudioStatus.READY.value,
                af.format == DEVICE_FORMAT,
            )
        )
        return [ReadyAudio(*row) for row in self._session.execute(query)]

    def published_files(self, bulletin_id: int | None = None, sha256: str | None = None) -> list[PublishedFile]:
        """The ready device-format files of published bulletins (one bulletin's, or the one file with
        `sha256`): what citizens may hear."""
        from hub.bulletins.tables import bulletin_table

        ba, af, b = bulletin_audio_table.c, audio_file_table.c, bulletin_table.c
        query = (
            select(ba.bulletin_id, ba.lang, af.sha256, af.storage_key, af.duration_ms)
            .select_from(bulletin_audio_table)
            .join(audio_file_table, af.rendering_id == ba.rendering_id)
            .join(bulletin_table, b.id == ba.bulletin_id)
            .where(ba.status == AudioStatus.READY.value, af.format == DEVICE_FORMAT, b.status == "published")
        )
        if bulletin_id is not None:
            query = query.where(ba.bulletin_id == bulletin_id)
        if sha256 is not None:
            query = query.where(af.sha256 == sha256)
        return [PublishedFile(*row) for row in self._session.execute(query.order_by(ba.lang))]

    def remove(self, item: object) -> None:
        self._session.delete(item)

    # -- recordings ----------------------------------------------------------------------------

    def latest_recording(self, bulletin_id: int, lang: str) -> Recording | None:
        c = audio_recording_table.c
        query = select(Recording).where(c.bulletin_id == bulletin_id, c.lang == lang).order_by(c.id.desc()).limit(1)
        return self._session.scalars(query).first()

    # -- lexicon -------------------------------------------------------------------------------

    def lexicon(self) -> Sequence[LexiconEntry]:
        return self._session.scalars(select(LexiconEntry).order_by(speech_lexicon_table.c.term)).all()

    def lexicon_entry(self, term: str) -> LexiconEntry | None:
        query = select(LexiconEntry).where(speech_lexicon_table.c.term == term)
        return self._session.scalars(query).one_or_none()

    def lexicon_version(self) -> int:
        found = self._session.execute(select(func.max(speech_lexicon_table.c.version))).scalar_one()
        return int(found or 0)

    # -- the languages areas broadcast ----------------------------------------------------------

    def languages_of(self, area_id: int) -> BroadcastLanguages | None:
        query = select(BroadcastLanguages).where(broadcast_language_table.c.area_id == area_id)
        return self._session.scalars(query).one_or_none()

    def broadcast_languages(self, area_path: str) -> tuple[tuple[str, ...], str | None]:
        """The languages the area at `area_path` broadcasts, in order, and the path of the area that
        chose them (itself or the nearest above it; None: nobody chose, Vietnamese only)."""
        paths = ancestor_paths(area_path, inclusive=True)
        a, bl = area_table.c, broadcast_language_table.c
        query = select(a.path, bl.langs).join(broadcast_language_table, bl.area_id == a.id).where(a.path.in_(paths))
        found = {row.path: row.langs for row in self._session.execute(query)}
        for path in reversed(paths):
            if found.get(path):
                return tuple(found[path]), path
        return DEFAULT_LANGUAGES, None

    def languages_below(self, area_path: str) -> dict[str, tuple[str, ...]]:
        """{area path: languages} of every area at or below `area_path` that chose its own."""
        a, bl = area_table.c, broadcast_language_table.c
        query = (
            select(a.path, bl.langs)
            .join(broadcast_language_table, bl.area_id == a.id)
            .where(a.path.startswith(area_path, autoescape=True))
        )
        return {row.path: tuple(row.langs) for row in self._session.execute(query)}
