"""Administrative areas: a tree of any depth (province → commune/ward → village).

Since the July 2025 reform there is no district level; the tree is whatever the province has.
`path` is the chain of codes from the root ("/66/24280/24280-001/"), so "is X inside Y" is a
prefix test and a subtree is one range scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from hub.kit.ids import ASSIGNED_ON_FLUSH
from hub.kit.text import clean_name, compact, fold, strip_unit_prefix


class AreaLevel(StrEnum):
    PROVINCE = "province"
    COMMUNE = "commune"
    VILLAGE = "village"


LEVEL_LABELS = {AreaLevel.PROVINCE: "Tỉnh", AreaLevel.COMMUNE: "Xã/Phường", AreaLevel.VILLAGE: "Thôn/Buôn/Tổ dân phố"}


@dataclass(eq=False)
class Area:
    code: str
    name: str
    level: AreaLevel
    kind: str
    path: str
    parent_id: int | None = None
    search_key: str = ""
    search_full: str = ""
    search_compact: str = ""
    id: int = ASSIGNED_ON_FLUSH

    @classmethod
    def create(cls, code: str, name: str, level: AreaLevel, kind: str, parent: Area | None) -> Area:
        if "/" in code or not code.strip():
            raise ValueError("area code must be non-empty and contain no '/'")
        name = clean_name(name)
        area = cls(
            code=code,
            name=name,
            level=level,
            kind=kind,
            path=(parent.path if parent else "/") + code + "/",
            parent_id=parent.id if parent else None,
        )
        area.reindex()
        return area

    def reindex(self) -> None:
        full = fold(self.name)
        self.search_full = full
        self.search_key = strip_unit_prefix(full)
        self.search_compact = compact(self.search_key)

    def contains(self, other: Area) -> bool:
        """True when `other` is this area or lies below it."""
        return other.path.startswith(self.path)

    @property
    def ancestor_codes(self) -> list[str]:
        """Codes from the root down to the parent."""
        return self.path.strip("/").split("/")[:-1]

    @property
    def ancestor_paths(self) -> list[str]:
        """Paths from the root down to the parent."""
        return ancestor_paths(self.path)

    @property
    def depth(self) -> int:
        return path_depth(self.path)

    def __repr__(self) -> str:
        return f"<Area {self.code} {self.name}>"


def ancestor_paths(path: str, *, inclusive: bool = False) -> list[str]:
    """The one way to walk up an area path: "/66/24169/24169-001/" → ["/66/", "/66/24169/"] (and the
    path itself at the end when `inclusive`)."""
    parts = path.strip("/").split("/")
    upto = len(parts) if inclusive else len(parts) - 1
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(upto)]


def path_depth(path: str) -> int:
    """1 for the root (the province), 2 for a commune, …"""
    return path.count("/") - 1


def common_path(paths: list[str]) -> str:
    """The deepest path that holds every one of `paths` (they share the root)."""
    shared = ancestor_paths(paths[0], inclusive=True)
    for path in paths[1:]:
        shared = [p for p in shared if path.startswith(p)]
    return shared[-1]


def subtree_range(path: str) -> tuple[str, str]:
    """Bounds [low, high) of every path under `path`: '0' is the character after '/'."""
    return path, path[:-1] + "0"


@dataclass(eq=False)
class AreaAlias:
    """Another name for one or more areas: a former unit, a common misspelling, a local name.

    An old district's name points to each of the communes it became, one row per area.
    """

    alias: str
    area_id: int
    search_key: str = ""
    note: str = ""
    created_by: str = ""
    created_at: datetime | None = None
    id: int = ASSIGNED_ON_FLUSH
    area: Area | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.alias = clean_name(self.alias)
        self.search_key = fold(self.alias)


@dataclass(eq=False)
class Office:
    """A commune office's phone number and working hours: what the chat and the hotline tell citizens
    who need the office (set by the commune's admins; empty: the configured default)."""

    area_id: int
    phone: str = ""
    hours: str = ""
    updated_by: str = ""
    updated_at: datetime | None = None
