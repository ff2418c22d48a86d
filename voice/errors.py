"""Errors of the voice package. Each carries a Vietnamese `detail` an official can act on and an
English `code`; the hub maps them onto its own errors (422, 503 …) at its boundary.

    VoiceError
    ├── EmptyText            nothing to say
    ├── TextTooLong          over the limit (names it)
    ├── EngineUnavailable    a TTS/ASR engine or its model cannot be loaded or run
    ├── BadAudio             an uploaded recording is corrupt or of an unsupported kind
    └── SettingError         a `TTCS_` setting the hotline cannot work with (names the variable)
"""

from __future__ import annotations

from typing import Any


class VoiceError(Exception):
    code = "voice_error"

    def __init__(self, detail: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code
        self.extra = extra


class EmptyText(VoiceError):
    code = "text_empty"


class TextTooLong(VoiceError):
    code = "text_too_long"


class EngineUnavailable(VoiceError):
    code = "engine_unavailable"


class BadAudio(VoiceError):
    code = "audio_unsupported"


class SettingError(VoiceError):
    code = "setting_invalid"
