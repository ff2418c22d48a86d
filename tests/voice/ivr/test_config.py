"""Settings the hotline cannot work with stop it at start-up, naming the setting; the hotline's and the
speech settings are read from the same `TTCS_` variables as ever, through the hub or without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.config import Settings
from voice.errors import SettingError
from voice.ivr.agent import sip_config
from voice.ivr.settings import HotlineSettings
from voice.settings import VoiceSettings


def test_settings_the_hotline_cannot_work_with_are_refused_by_name() -> None:
    with pytest.raises(SettingError, match="TTCS_IVR_LOCAL_IP"):
        sip_config(HotlineSettings(ivr_local_ip="0.0.0.0"))
    with pytest.raises(SettingError, match="TTCS_IVR_RTP_PORTS"):
        sip_config(HotlineSettings(ivr_rtp_ports="10000-10010"))
    assert sip_config(HotlineSettings()).rtp_ports == (10000, 20000)


def test_the_hotline_settings_come_from_the_same_variables_and_from_the_hub_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTCS_IVR_SIP_USER", "1022")
    monkeypatch.setenv("TTCS_TTS_REGION", "south")
    settings = Settings(var_dir=tmp_path, ivr_news_items=5)
    line = settings.of(HotlineSettings)
    assert (line.ivr_sip_user, line.ivr_news_items) == ("1022", 5)
    assert settings.of(HotlineSettings) is line  # read once
    assert settings.of(VoiceSettings).tts_region == "south"
    assert HotlineSettings().ivr_sip_user == "1022"  # without a hub: a script, a test
