"""A database handle: the engine and the units of work built on it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import Engine, text
from sqlalchemy.orm import sessionmaker

from hub.db.events import Dispatch
from hub.db.mapping import configure_mappers
from hub.db.uow import UnitOfWork


class Database:
    def __init__(
        self,
        engine: Engine,
        *,
        mappers: Iterable[Callable[[], None]] = (),
        events: Dispatch | None = None,
    ) -> None:
        configure_mappers(mappers)
        self.engine = engine
        self.events = events or Dispatch()
        # Writes take SQLite's write lock at BEGIN (see hub.db.engine); reads do not.
        self._write = sessionmaker(bind=engine.execution_options(ttcs_write=True), expire_on_commit=False)
        self._read = sessionmaker(bind=engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def uow(self, *, write: bool = True) -> UnitOfWork:
        return UnitOfWork(self._write if write else self._read, self.events)

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
