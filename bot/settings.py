"""The bot's settings (the dialogue, the chat channels, the NLU): environment variables prefixed ``TTCS_``.

Declared here, beside the code that reads them, and registered by `bot.plugin`; read with
`settings.of(BotSettings)`. (`TTCS_CHAT_RATE_PER_SECOND` is `hub.subscriptions`'s: it paces the
notifications to subscribers, and the hub does not import `bot`.)
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class BotSettings(BaseSettings):
    """Conversations: the NLU (embedded or a Rasa server), the dialogue, the web chat, Zalo and Telegram."""

    model_config = SettingsConfigDict(env_prefix="TTCS_", extra="ignore")

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
    chat_hotline: str = Field(
        "",
        description="The hotline number citizens may call (shown when the chat does not understand them). Empty: "
        "not mentioned.",
    )
    chat_office_phones: str = Field(
        "",
        description="Phone numbers of commune offices, as `code=number` pairs separated by commas "
        "(`24169=0262 3851 234`); offered with the hotline. A commune without one is named without a number. "
        "A number an admin sets on the commune's page (Địa bàn → Liên hệ UBND) takes precedence.",
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
    chat_media_hosts: str = Field(
        "zdn.vn,zadn.vn,zalo.me,zaloapp.com",
        description="Hosts (and their subdomains), comma-separated, from which photos sent by chat (Zalo image "
        "URLs) are fetched; any other URL is not fetched.",
    )
    zalo_window_days: float = Field(
        7.0,
        gt=0,
        description="How long after a citizen's last message the OA may still write to them (Zalo: 7 days). "
        "Later, answers go by Zalo ZNS or SMS to the phone number they consented to give, or wait.",
    )
    zalo_zns_url: str = Field(
        "https://business.openapi.zalo.me", description="Base URL of Zalo ZNS (template messages to a phone number)."
    )
    zalo_zns_template_id: str = Field(
        "",
        description="Id of the ZNS template Zalo approved for answers, with parameters `ma_phan_anh` (case code) "
        "and `noi_dung` (start of the answer). Empty: no ZNS; after the OA's window answers go by SMS or wait.",
    )
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
