"""What the tests configure: the backends to run on, the demo officials' password, the settings of a
test hub, the chat channels' secrets. Every folder imports these from here, none from a conftest."""

from __future__ import annotations

import os
from pathlib import Path

from hub.config import Settings

BACKENDS = [b.strip() for b in os.environ.get("TTCS_TEST_BACKENDS", "sqlite,postgresql").split(",") if b.strip()]
DEMO_PASSWORD = "ttcs-demo-2026"
TELEGRAM_SECRET = "telegram-webhook-secret-123"


def settings_for(url: str, var_dir: Path, **overrides: object) -> Settings:
    """The settings of a hub under test on `url`, its files under `var_dir`."""
    values: dict[str, object] = {
        "database_url": url,
        "var_dir": var_dir,
        "secret_key": "test-secret-key-of-sufficient-length",
        "embedded_worker": False,
        "admin_password": "admin-password-1",
        "demo_password": DEMO_PASSWORD,
        "log_level": "warning",
        "job_backoff_seconds": 0.01,
    }
    values.update(overrides)
    return Settings(**values)
