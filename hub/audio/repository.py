"""SQL of the audio domain."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hub.audio.model import BulletinAudio, LexiconEntry, Recording, Rendering
from hub.audio.tables import (
    audio_recording_table,
    audio_rendering_table,
    bulletin_audio_table,
    speech_lexicon_table,
)


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
