"""SQL for areas and their aliases."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from hub.areas.model import Area, AreaAlias, Office, subtree_range
from hub.areas.tables import area_alias_table, area_table

a = area_table.c
al = area_alias_table.c


class AreaRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, area: Area) -> None:
        self._session.add(area)

    def add_alias(self, alias: AreaAlias) -> None:
        self._session.add(alias)

    def office(self, area_id: int) -> Office | None:
        return self._session.get(Office, area_id)

    def add_office(self, office: Office) -> None:
        self._session.add(office)

    def get(self, area_id: int) -> Area | None:
        return self._session.get(Area, area_id)

    def get_one(self, area_id: int) -> Area:
        """The area a stored row refers to (a foreign key, so it exists): no `None` for callers to handle."""
        return self._session.get_one(Area, area_id)

    def get_by_code(self, code: str) -> Area | None:
        return self._session.scalars(select(Area).where(a.code == code)).one_or_none()

    def by_codes(self, codes: Iterable[str]) -> dict[str, Area]:
        codes = list(codes)
        if not codes:
            return {}
        return {area.code: area for area in self._session.scalars(select(Area).where(a.code.in_(codes)))}

    def by_ids(self, ids: Iterable[int]) -> dict[int, Area]:
        ids = list(ids)
        if not ids:
            return {}
        return {area.id: area for area in self._session.scalars(select(Area).where(a.id.in_(ids)))}

    def root(self) -> Area | None:
        return self._session.scalars(select(Area).where(a.parent_id.is_(None)).order_by(a.id)).first()

    def children(self, area: Area) -> Sequence[Area]:
        return self._session.scalars(select(Area).where(a.parent_id == area.id).order_by(a.name)).all()

    def subtree(self, area: Area, *, level: str | None = None) -> Sequence[Area]:
        low, high = subtree_range(area.path)
        query = select(Area).where(a.path >= low, a.path < high)
        if level:
            query = query.where(a.level == level)
        return self._session.scalars(query.order_by(a.path)).all()

    def ancestors(self, area: Area) -> list[Area]:
        """From the root down to the parent."""
        found = self.by_codes(area.ancestor_codes)
        return [found[code] for code in area.ancestor_codes if code in found]

    def count(self) -> int:
        return self._session.execute(select(func.count()).select_from(area_table)).scalar_one()

    def next_child_code(self, parent: Area) -> str:
        """Codes for villages: the commune's code and a running number ("24280-003")."""
        prefix = f"{parent.code}-"
        existing = self._session.scalars(select(a.code).where(a.code.startswith(prefix, autoescape=True))).all()
        numbers = [int(code[len(prefix) :]) for code in existing if code[len(prefix) :].isdigit()]
        return f"{prefix}{max(numbers, default=0) + 1:03d}"

    def search(self, folded: str, compact: str, *, within: Area | None = None, limit: int = 20) -> Sequence[Area]:
        """Areas whose folded name contains the query, with or without spaces."""
        pattern = f"%{_escape(folded)}%"
        query = select(Area).where(
            or_(
                a.search_full.like(pattern, escape="\\"),
                a.search_compact.like(f"%{_escape(compact)}%", escape="\\"),
            )
        )
        if within is not None:
            low, high = subtree_range(within.path)
            query = query.where(a.path >= low, a.path < high)
        return self._session.scalars(query.order_by(a.path).limit(limit * 5)).all()

    def search_aliases(self, folded: str, *, limit: int = 50) -> Sequence[AreaAlias]:
        query = select(AreaAlias).where(al.search_key.like(f"%{_escape(folded)}%", escape="\\"))
        return self._session.scalars(query.order_by(al.search_key, al.id).limit(limit)).all()

    def aliases_of(self, area: Area) -> Sequence[AreaAlias]:
        return self._session.scalars(select(AreaAlias).where(al.area_id == area.id).order_by(al.id)).all()

    def all_aliases(self) -> Sequence[AreaAlias]:
        return self._session.scalars(select(AreaAlias).order_by(al.area_id, al.id)).all()

    def get_alias(self, alias_id: int) -> AreaAlias | None:
        return self._session.get(AreaAlias, alias_id)

    def delete_alias(self, alias: AreaAlias) -> None:
        self._session.delete(alias)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
