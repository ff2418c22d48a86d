"""The demo devices' tokens in the test databases.

Demo tokens are random, issued when the demo is seeded (as on every install), so each template
database has its own; tests/conftest.py keeps them here when it seeds a template, by backend."""

from __future__ import annotations

from hub.config import Settings

TOKENS: dict[str, dict[str, str]] = {}


def demo_device_token(settings: Settings, imei: str) -> str:
    """The token of demo device `imei` in the database of `settings` (a clone of a template)."""
    return TOKENS["sqlite" if settings.is_sqlite else "postgresql"][imei]
