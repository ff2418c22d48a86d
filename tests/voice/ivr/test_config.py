"""Settings the hotline cannot work with stop it at start-up, naming the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.config import Settings
from hub.kit.errors import ConfigurationError
from voice.ivr.agent import sip_config


def test_settings_the_hotline_cannot_work_with_are_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="TTCS_IVR_LOCAL_IP"):
        sip_config(Settings(var_dir=tmp_path, ivr_local_ip="0.0.0.0"))
    with pytest.raises(ConfigurationError, match="TTCS_IVR_RTP_PORTS"):
        sip_config(Settings(var_dir=tmp_path, ivr_rtp_ports="10000-10010"))
    assert sip_config(Settings(var_dir=tmp_path)).rtp_ports == (10000, 20000)
