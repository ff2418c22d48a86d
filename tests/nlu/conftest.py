"""One embedded engine for the NLU tests (training takes about a second; do it once)."""

from __future__ import annotations

import pytest

from nlu.areas import load_province
from nlu.engine import EmbeddedEngine
from nlu.gazetteer import AreaEntry


@pytest.fixture(scope="session")
def province() -> list[AreaEntry]:
    return load_province(66)


@pytest.fixture(scope="session")
def engine(province: list[AreaEntry]) -> EmbeddedEngine:
    return EmbeddedEngine.from_files(province)
