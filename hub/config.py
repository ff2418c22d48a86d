"""Configuration: every setting is an environment variable prefixed ``TTCS_``.

This class is the one place settings are declared; `docs/configuration.md` is generated from it
(`ttcs config docs`) and a test keeps the two in step. Settings are read when an application,
worker or command is built, never at import time.
"""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hub.kit.errors import ConfigurationError

VAR_DIR = Path("var")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TTCS_", extra="ignore")

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
    nlu_url: str = Field(
        "",
        description="A Rasa server (e.g. `http://127.0.0.1:5005`, from `ttcs nlu rasa-serve`) whose "
        "`/model/parse` the hub uses. Empty: the embedded engine. When the server does not answer, the hub "
        "uses the embedded engine and logs it.",
    )
    nlu_timeout_seconds: float = Field(5.0, description="How long the hub waits for the Rasa server's answer.")
    nlu_retry_seconds: float = Field(
        30.0,
        description="After the Rasa server failed, the embedded engine answers this long before the server is tried "
        "again.",
    )
    nlu_fallback_threshold: float | None = Field(
        None,
        description="Intent confidence below which the embedded engine answers `nlu_fallback`. Empty: the "
        "`FallbackClassifier` threshold of `nlu/config.yml`, which the Rasa model uses too.",
    )
    nlu_areas_refresh_seconds: float = Field(
        60.0, description="How often the NLU re-reads the areas table (new villages and aliases)."
    )
    nlu_rasa_cache_dir: str = Field(
        "~/.cache/ttcs",
        description="Where `ttcs nlu rasa-train` keeps the Rasa 3.6 environment (Python 3.10, ≈2.7 GB, created "
        "once) and the trained models.",
    )
    nlu_rasa_python: str = Field(
        "", description="The Python 3.10 interpreter for the Rasa environment. Empty: found on PATH or in pyenv."
    )
    public_url: str = Field("http://127.0.0.1:8000", description="Base URL that devices and citizens use.")
    tts_engine: Literal["espeak", "vits", "coqui"] = Field(
        "espeak",
        description="Speech engine: `espeak` (espeak-ng, always available), `vits` (a VITS voice as ONNX: "
        "coqui-exported or Piper, needs `TTCS_TTS_MODEL_PATH`), `coqui` (coqui-tts, optional extra `.[coqui]`).",
    )
    tts_model_path: str = Field(
        "",
        description="The voice model for `vits` (`voice.onnx` beside `voice.onnx.json`) or `coqui` (a checkpoint "
        "with its config). Checked at start-up.",
    )
    tts_voice: str = Field(
        "vi", description="espeak-ng voice: `vi` (northern), `vi-vn-x-central`, `vi-vn-x-south`; also the fallback."
    )
    tts_region: Literal["north", "south"] = Field(
        "north",
        description="How numbers are read: `north` (“nghìn”, “linh”: 1005 → một nghìn không trăm linh năm) or "
        "`south` (“ngàn”, “lẻ”).",
    )
    tts_max_chars: int = Field(25_000, description="Longest text synthesised at once (characters).")
    tts_fallback_after: int = Field(
        2,
        description="Attempts with the configured engine before a render falls back to espeak-ng (the failure "
        "stays visible on the audio record).",
    )
    tts_threads: int = Field(0, description="Sentences synthesised in parallel; 0 = the number of cores.")
    loudness_target: float = Field(
        -16.0,
        description="Loudness of every rendered audio in LUFS (EBU R128 measurement). -16 suits loudspeakers and "
        "phones; broadcast practice is -23.",
    )
    audio_chime: str = Field(
        "builtin",
        description="Intro and outro chime around bulletin audio: `builtin` (two soft tones), empty for none, or the "
        "path of an audio file.",
    )
    audio_upload_max_bytes: int = Field(
        50 * 1024 * 1024, description="Largest recording an official may upload for a language variant (bytes)."
    )
    asr_model_path: str = Field(
        "",
        description="A vosk model directory for speech recognition on the hotline (a Vietnamese model). Empty: "
        "no recognition. Checked at start-up when set.",
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
    # -- citizen feedback (hub.feedback, hub.open311) ---------------------------------------------
    feedback_categories_file: str = Field(
        "",
        description="JSON file with the feedback categories (code, label, working days to answer, whether "
        "anonymous feedback is allowed). Empty: the built-in list (see docs/feedback.md).",
    )
    feedback_weekend_days: str = Field(
        "6,7",
        description="Days that are not working days, as ISO weekday numbers (6 = Saturday, 7 = Sunday). Public "
        "holidays are kept in the database and edited by an admin on /quan-tri/ngay-nghi-le.",
    )
    feedback_complaint_days: int = Field(
        30, description="Working days to settle a case confirmed as a complaint or denunciation (khiếu nại, tố cáo)."
    )
    feedback_remind_hours: int = Field(24, description="Remind the responsible officials this long before a deadline.")
    feedback_max_text_chars: int = Field(5000, description="Longest feedback text a citizen may send.")
    feedback_max_image_bytes: int = Field(5_242_880, description="Largest image attached to a feedback (bytes).")
    feedback_max_attachments: int = Field(5, description="Most images attached to one feedback.")
    feedback_rate_per_sender: int = Field(
        5, description="Feedback one citizen (one chat or phone identity) may file per rate window; more is refused."
    )
    feedback_rate_per_source: int = Field(
        60, description="Feedback one network address or Open311 application key may file per rate window."
    )
    feedback_rate_window_minutes: int = Field(10, description="The window of the feedback rate limits.")
    personal_data_retention_days: int = Field(
        730,
        description="Citizens' names, phone numbers, recordings and photos are erased this many days after "
        "their last contact and after their cases are finished (0: keep).",
    )
    open311_api_keys: str = Field(
        "", description="Comma-separated keys of the civic applications allowed to file through Open311."
    )
    open311_require_api_key: bool = Field(
        False, description="Filing through Open311 needs one of `TTCS_OPEN311_API_KEYS` (reading never does)."
    )
    open311_jurisdiction: str = Field(
        "", description="The Open311 `jurisdiction_id` of this hub. Empty: the province code (e.g. `66`)."
    )
    sms_url: str = Field(
        "",
        description="HTTP SMS gateway: answers to hotline callers are POSTed here as JSON "
        "`{to, text, ref}`. Empty: no SMS; answers wait for the caller's status check.",
    )
    sms_token: str = Field("", description="Bearer token sent to the SMS gateway.")
    # -- conversations (bot): the dialogue, chat channels, officials' commands --------------------
    chat_hotline: str = Field(
        "",
        description="The hotline number citizens may call (shown when the chat does not understand them). Empty: "
        "not mentioned.",
    )
    chat_office_phones: str = Field(
        "",
        description="Phone numbers of commune offices, as `code=number` pairs separated by commas "
        "(`24169=0262 3851 234`); offered with the hotline. A commune without one is named without a number.",
    )
    chat_max_message_chars: int = Field(
        2000, description="Longest chat message the dialogue reads (a feedback description may be longer)."
    )
    chat_process_grace_seconds: float = Field(
        15.0,
        description="An inbound message is processed right after it is stored; if that process dies, a job worker "
        "takes it over after this many seconds.",
    )
    chat_web_retry_seconds: int = Field(
        60,
        description="Web chat: a request repeating the sender's previous message within this many seconds (and "
        "without a `message_id`) is a retry and gets the same replies.",
    )
    chat_answer_cache_seconds: float = Field(
        10.0,
        description="How long the same question about the same area gets the same answer without reading the "
        "database again (what is new, when the loudspeakers play). 0: always read.",
    )
    chat_link_code_minutes: int = Field(15, description="Lifetime of the one-time code that links an official's chat.")
    chat_confirm_code_minutes: int = Field(
        5,
        gt=0,
        description="Lifetime of the one-time code (fetched in the web app) that confirms an emergency ordered by "
        "chat (`/khancap`, `/duyet` of an emergency).",
    )
    chat_rate_per_second: str = Field(
        "zalo=20,telegram=25",
        description="Pace of subscriber notifications per channel, as `channel=messages per second` pairs; "
        "channels not listed are not paced.",
    )
    zalo_app_id: str = Field("", description="Zalo app id (developers.zalo.me) of the Official Account's app.")
    zalo_app_secret: str = Field(
        "", description="Zalo app secret key: sent when refreshing the OA access token (header `secret_key`)."
    )
    zalo_oa_secret: str = Field(
        "",
        description="The OA secret key of the app's webhook page: checks `X-ZEvent-Signature`. Empty: the Zalo "
        "webhook refuses every request.",
    )
    zalo_access_token: str = Field(
        "",
        description="First OA access token. After the first refresh the hub keeps the rotating token pair "
        "(encrypted) in its database and ignores this value.",
    )
    zalo_refresh_token: str = Field(
        "",
        description="First OA refresh token (single use, rotated at each refresh; the newest one is kept in the "
        "database).",
    )
    zalo_api_url: str = Field("https://openapi.zalo.me", description="Base URL of the Zalo OA API.")
    zalo_oauth_url: str = Field("https://oauth.zaloapp.com", description="Base URL of Zalo's OAuth server.")
    zalo_timeout_seconds: float = Field(10.0, description="How long a call to Zalo may take.")
    telegram_token: str = Field("", description="Telegram bot token (from @BotFather). Empty: no Telegram.")
    telegram_webhook_secret: str = Field(
        "",
        description="Secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token` (8–256 characters, set with "
        "`setWebhook`). Empty: the webhook refuses every request; use `ttcs bot telegram --polling`.",
    )
    telegram_api_url: str = Field(
        "https://api.telegram.org/bot", description="Base URL of the Telegram Bot API (the token is appended)."
    )
    telegram_timeout_seconds: float = Field(10.0, description="How long a call to Telegram may take.")
    device_offline_after: int = Field(
        300, description="Seconds without a heartbeat after which a device is marked offline and its operators alerted."
    )
    device_heartbeat_seconds: int = Field(60, description="How often devices are told to send a heartbeat (seconds).")
    device_manifest_hours: int = Field(
        36,
        description="How far ahead a device manifest reaches (hours): how long a device plays on without the hub.",
    )
    device_late_grace_seconds: int = Field(
        300, description="A scheduled play not started this many seconds after its time is skipped, never played late."
    )
    device_emergency_catch_up_minutes: int = Field(
        60,
        description="A device that was offline when an emergency was published still plays it at once if it "
        "comes back within this many minutes (the emergency also opens every broadcast window while live).",
    )
    device_change_poll_seconds: float = Field(
        1.0,
        description="How often each hub process looks for changes committed by other processes (long-poll wake-up "
        "across processes; changes made in the same process wake devices at once).",
    )
    mqtt_url: str = Field(
        "",
        description="MQTT broker for device notices, e.g. `mqtt://ttcs:secret@127.0.0.1:1883`. Empty: devices "
        "rely on HTTP long-poll alone.",
    )
    mqtt_device_url: str = Field(
        "", description="The broker URL devices are told to use (when it differs from the hub's `TTCS_MQTT_URL`)."
    )
    # -- the hotline (voice.ivr, `ttcs ivr`) -------------------------------------------------------
    ivr_sip_server: str = Field(
        "127.0.0.1", description="The SIP server (PBX, carrier trunk or kamailio) the hotline registers with."
    )
    ivr_sip_port: int = Field(5060, description="UDP port of the SIP server.")
    ivr_sip_user: str = Field(
        "1900", description="The hotline's SIP user: the number citizens dial, registered with the SIP server."
    )
    ivr_sip_password: str = Field("", description="Password of the SIP user (digest authentication); empty: none.")
    ivr_local_ip: str = Field(
        "127.0.0.1",
        description="This host's address as the SIP server and callers reach it (written into SIP and SDP). "
        "Not 0.0.0.0.",
    )
    ivr_local_port: int = Field(5062, description="UDP port of the hotline's own SIP endpoint.")
    ivr_rtp_ports: str = Field("10000-20000", description="UDP port range for the calls' audio (RTP), `low-high`.")
    ivr_register_seconds: int = Field(
        60,
        description="How often the registration is renewed; after a SIP server restart the hotline is reachable "
        "again within this time.",
    )
    ivr_register_timeout_seconds: float = Field(
        3.0, description="How long to wait for the SIP server's answer to a registration before trying again."
    )
    ivr_max_calls: int = Field(60, description="Calls carried at once; more callers hear busy.")
    ivr_input_seconds: float = Field(
        6.0, description="How long a question waits for a key (or a word) before it is asked again."
    )
    ivr_record_max_seconds: int = Field(120, description="Longest feedback recording (seconds).")
    ivr_record_silence_seconds: float = Field(
        6.0, description="A recording ends after this long without speech (the caller may also press #)."
    )
    ivr_communes: str = Field(
        "",
        description="Area codes of the communes offered by number when a caller is asked where they live (at "
        "most 9, comma-separated; the demo: `24169,24280`). Empty: the first nine communes by name.",
    )
    ivr_news_items: int = Field(3, description="Bulletins read under “latest news”, newest first.")
    ivr_office_hours: str = Field(
        "Làm việc từ thứ Hai đến thứ Sáu, buổi sáng từ 7 giờ 30 đến 11 giờ 30, buổi chiều từ 13 giờ 30 đến 17 giờ.",
        description="What the hotline says about office hours (menu 0), after the name of the commune's office.",
    )
    ivr_site_name: str = Field(
        "thông tin cơ sở tỉnh Đắk Lắk", description="How the greeting names the hotline: “Đây là tổng đài …”."
    )
    # -- exchange with other systems (hub.exchange; docs/exchange.md) --------------------------------
    source_auto_approve: str = Field(
        "1",
        description="`MucDoUuTien` levels (1 khẩn cấp, 2 ưu tiên, 3 thông thường, comma-separated) whose bulletins "
        "from a provincial source system are approved at once; the others wait for a local approver. Empty: all "
        "wait. An approved emergency plays at once.",
    )
    source_audio_max_bytes: int = Field(
        50 * 1024 * 1024, description="Largest audio file fetched from a source system's `NoiDung.Link` (bytes)."
    )
    source_audio_timeout_seconds: float = Field(60.0, description="How long fetching a source system's audio may take.")
    upstream_url: str = Field(
        "",
        description="Base URL of the upstream (provincial) system we report device status and play logs to, in the "
        "source-system format (`…/dang-nhap`, `…/cum-loa/trang-thai`, `…/ban-tin/nhat-ky`). Empty: no reporting.",
    )
    upstream_username: str = Field("", description="Our account at the upstream system.")
    upstream_password: str = Field("", description="Password of our account at the upstream system.")
    upstream_source_id: str = Field(
        "", description="`NguonId` we report under. Empty: the province code (`TTCS_PROVINCE_CODE`)."
    )
    upstream_batch_size: int = Field(200, description="Records sent upward in one request.")
    upstream_retry_max_seconds: float = Field(
        900.0, description="Longest wait between two attempts while the upstream is down (the wait doubles from 5 s)."
    )
    upstream_timeout_seconds: float = Field(15.0, description="How long one request to the upstream may take.")
    cap_trusted_senders: str = Field(
        "",
        description="CAP `sender` values (comma-separated) whose alerts become approved emergencies at once. Others "
        "become emergencies awaiting approval — or are refused when `TTCS_CAP_SIGNING_CERTS` is set.",
    )
    cap_signing_certs: str = Field(
        "",
        description="A PEM file of the X.509 certificates whose XML signatures (XML-DSig, enveloped, in the CAP "
        "`alert`) we accept. Set: every CAP alert must be signed by one of them and come from a trusted sender, "
        "else it is refused. Empty: signatures are not checked.",
    )
    cap_feed_urls: str = Field(
        "", description="CAP alerts or Atom/RSS feeds of CAP alerts (comma-separated URLs) polled for new alerts."
    )
    cap_poll_seconds: float = Field(60.0, description="How often the CAP feeds are polled (at least every 10 s).")
    cap_sender: str = Field(
        "ttcs@localhost", description="The CAP `sender` of the emergency bulletins we export (`/cap/v1/alerts`)."
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
