"""Configuration: every setting is an environment variable prefixed ``TTCS_``.

`Settings` declares the hub's core (database, secrets, serving, jobs, paths). Each plugin declares
its own settings class (a pydantic `BaseSettings` with the same `TTCS_` prefix) beside its code and
registers it (`registry.settings(BotSettings)`); code reads it with `settings.of(BotSettings)`. So a
package at the edge owns its configuration without importing the hub, and the hub's class stays the
size of the hub. `docs/configuration.md` is generated from all of them (`ttcs config docs`) and a
test keeps the two in step. Settings are read when an application, worker or command is built,
never at import time.
"""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import Field, PrivateAttr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hub.kit.errors import ConfigurationError

VAR_DIR = Path("var")

PluginSettings = TypeVar("PluginSettings", bound=BaseSettings)


class Settings(BaseSettings):
    """The hub's core: the database, secrets, sign-in, serving, jobs and paths."""

    model_config = SettingsConfigDict(env_prefix="TTCS_", extra="ignore")

    # Values given to the constructor for plugins' settings (tests, `ttcs ivr --user …`), passed on
    # when a plugin's class is first asked for; the environment reaches those classes directly.
    _given: dict[str, Any] = PrivateAttr(default_factory=dict)
    _plugins: dict[type[BaseSettings], BaseSettings] = PrivateAttr(default_factory=dict)

    def __init__(self, **values: Any) -> None:
        fields = type(self).model_fields
        super().__init__(**{k: v for k, v in values.items() if k in fields or k.startswith("_")})
        self._given = {k: v for k, v in values.items() if k not in fields and not k.startswith("_")}

    def of(self, cls: type[PluginSettings]) -> PluginSettings:
        """The settings a plugin declared in `cls`, read from the environment (and the values given to
        this object) once, then kept for the life of these settings."""
        found = self._plugins.get(cls)
        if isinstance(found, cls):
            return found
        made = cls(**{k: v for k, v in self._given.items() if k in cls.model_fields})
        self._plugins[cls] = made
        return made

    env: Literal["embedded", "production"] = Field(
        "embedded",
        description="`embedded`: one process, SQLite, demo-friendly defaults. `production`: refuses to "
        "start without an explicit secret key and database URL.",
    )
    var_dir: Path = Field(VAR_DIR, description="Where the embedded default keeps its database, audio and keys.")
    database_url: str = Field(
        "",
        description="SQLAlchemy URL. Empty: SQLite at `{var_dir}/ttcs.sqlite3`. PostgreSQL: "
        "`postgresql+psycopg://user:pass@host/db`.",
    )
    database_pool_size: int = Field(10, description="Connections kept open per process (PostgreSQL).")
    secret_key: str = Field(
        "",
        description="Signs access tokens. Empty in the embedded default: generated once and kept in "
        "`{var_dir}/secret_key`. Required in production.",
    )
    admin_password: str = Field(
        "",
        description="Password of the first admin (user `admin`). Empty: one is generated and printed once.",
    )
    demo_password: str = Field(
        "ttcs-demo-2026", description="Password of the demo officials created by `ttcs seed --demo`."
    )
    province_code: int = Field(66, description="Province seeded from the `vietnam-provinces` dataset (66 = Đắk Lắk).")
    token_ttl_minutes: int = Field(480, description="Lifetime of an access token (a working day by default).")
    login_max_failures: int = Field(
        5, description="Failed logins for one user name from one address before that pair pauses (others may go on)."
    )
    login_window_minutes: int = Field(15, description="Window in which failed logins are counted, and the pause.")
    login_max_failures_per_ip: int = Field(30, description="Failed logins from one address, any names, before a pause.")
    login_lock_addresses: int = Field(
        10,
        description="Distinct addresses failing for one user name within the window before the name is locked "
        "from everywhere (a distributed attack) until the window passes or an admin unlocks it.",
    )
    login_slowdown_seconds: int = Field(
        3,
        description="Once a name has failed from two or more addresses within the window, its password is "
        "checked at most once per this many seconds.",
    )
    trusted_proxies: str = Field(
        "",
        description="Reverse proxies whose `X-Forwarded-For` is believed (IP addresses or networks, "
        "comma-separated, e.g. `172.30.0.0/24`). The client is the rightmost address of the chain that is "
        "not one of them. Empty: nobody's; the client is the connecting address.",
    )
    audio_accel_redirect: str = Field(
        "",
        description="Production behind nginx: the internal nginx location that serves `{var_dir}/audio` "
        "(e.g. `/_ttcs_audio/`, see `deploy/nginx.conf`). The hub then only authorises an audio request "
        "and answers `X-Accel-Redirect`; nginx sends the bytes. Empty: the hub sends the file itself.",
    )
    max_body_bytes: int = Field(1_048_576, description="Largest request body the JSON API accepts (bytes).")
    embedded_worker: bool = Field(
        True, description="Run the job worker inside `ttcs serve` (embedded default). Production runs `ttcs worker`."
    )
    worker_poll_seconds: float = Field(1.0, description="How often an idle worker looks for due jobs.")
    job_lease_seconds: int = Field(
        300,
        description="A job whose worker has not renewed its lease for this long is presumed abandoned and "
        "retried (workers renew it every third of the lease while the job runs).",
    )
    job_urgent_lease_seconds: float = Field(
        30.0,
        gt=0,
        description="The lease of urgent jobs (an emergency's audio and notices): when a worker dies, another "
        "takes its emergency over after at most this long.",
    )
    serve_worker_start_seconds: int = Field(
        120,
        gt=0,
        description="With `ttcs serve --workers N`: how long a worker process may take to answer the "
        "supervisor's health ping before it is killed and replaced. Each worker imports and builds the whole "
        "app at start (a few seconds idle, over 10 s on a busy 2-core machine): uvicorn's 5 s default killed "
        "them again and again.",
    )
    job_max_attempts: int = Field(5, description="Attempts before a job is dead-lettered.")
    job_backoff_seconds: float = Field(5.0, description="First retry delay; doubles on each attempt.")
    plugins: str = Field(
        "",
        description="Comma-separated extra modules to load as plugins (each may define `register(registry)`).",
    )
    public_url: str = Field("http://127.0.0.1:8000", description="Base URL that devices and citizens use.")
    audio_upload_max_bytes: int = Field(
        50 * 1024 * 1024, description="Largest recording an official may upload for a language variant (bytes)."
    )
    web_session_idle_minutes: int = Field(
        60,
        description="An official's web session ends after this long without a page view; what they were "
        "submitting is kept and offered again after they sign in.",
    )
    web_session_max_minutes: int = Field(
        720, description="An official's web session ends this long after sign-in, however active."
    )
    site_name: str = Field(
        "Thông tin cơ sở Đắk Lắk",
        description="Name of the citizen portal, as shown in its title and when installed on a phone.",
    )
    handbook_dir: Path | None = Field(
        None,
        description="Folder of the officials' handbook (Markdown) served at `/quan-tri/huong-dan/`. Empty: "
        "`docs/huong-dan` of the source tree.",
    )
    log_level: str = Field("info", description="Python log level.")

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        for item in filter(None, (part.strip() for part in value.split(","))):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError as exc:
                raise ValueError(f"TTCS_TRUSTED_PROXIES: “{item}” is not an IP address or network") from exc
        return value

    @field_validator("audio_accel_redirect")
    @classmethod
    def _location(cls, value: str) -> str:
        if value and not (value.startswith("/") and value.endswith("/")):
            raise ValueError(f"TTCS_AUDIO_ACCEL_REDIRECT: “{value}” must start and end with “/”")
        return value

    @property
    def trusted_proxy_list(self) -> list[str]:
        items = (part.strip() for part in self.trusted_proxies.split(","))
        return [str(ipaddress.ip_network(item, strict=False)) for item in items if item]

    @field_validator("var_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.resolve()

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.var_dir / 'ttcs.sqlite3'}"

    @property
    def is_sqlite(self) -> bool:
        return self.sqlalchemy_url.startswith("sqlite")

    def signing_key(self) -> str:
        """The token signing key; in the embedded default it is created once and kept on disk."""
        if self.secret_key:
            return self.secret_key
        if self.env == "production":
            raise ConfigurationError("TTCS_SECRET_KEY must be set in production")
        path = self.var_dir / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()

    def check(self) -> None:
        """Refuse unsafe production configurations at start-up, naming the setting."""
        if self.env == "production":
            if not self.secret_key:
                raise ConfigurationError("TTCS_SECRET_KEY must be set in production")
            if not self.database_url:
                raise ConfigurationError("TTCS_DATABASE_URL must be set in production")


def load_settings(**overrides: Any) -> Settings:
    return Settings(**overrides)
