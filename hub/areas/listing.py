"""Every area of the hub with its parent's code and its aliases, read on a bare connection.

The NLU's gazetteer is built from this. It is plain SQL on the two tables, not the ORM, so that
`ttcs nlu parse` can read it without building a hub (which loads every plugin first).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from hub.areas.tables import area_alias_table, area_table


@dataclass(frozen=True)
class Listed:
    code: str
    name: str
    level: str
    parent_code: str | None
    aliases: tuple[str, ...]


def every_area(connection: Connection) -> list[Listed]:
    """The areas in the order of their paths (the province first, each commune before its villages)."""
    area, parent = area_table, area_table.alias("parent")
    rows = connection.execute(
        select(area.c.id, area.c.code, area.c.name, area.c.level, parent.c.code)
        .outerjoin(parent, parent.c.id == area.c.parent_id)
        .order_by(area.c.path)
    ).all()
    aliases: dict[int, list[str]] = {}
    for area_id, alias in connection.execute(
        select(area_alias_table.c.area_id, area_alias_table.c.alias).order_by(area_alias_table.c.id)
    ):
        aliases.setdefault(area_id, []).append(alias)
    return [
        Listed(code, name, str(level), parent_code, tuple(aliases.get(area_id, ())))
        for area_id, code, name, level, parent_code in rows
    ]
