"""The running hub as request handlers, jobs and commands see it."""

from __future__ import annotations

from dataclasses import dataclass

from hub.config import Settings
from hub.db.database import Database
from hub.plugins import Registry


@dataclass
class Hub:
    settings: Settings
    database: Database
    registry: Registry
    signing_key: str
